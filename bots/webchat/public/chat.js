// Web chat client: renders the transcript, sends text and button presses, listens for new
// messages over server-sent events. No framework; works with keyboard and screen readers.
const config = JSON.parse(document.getElementById('config').textContent);
const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('message');
const status = document.getElementById('status');
let lastId = 0;
let loading = Promise.resolve();

const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** The shop's text with its https links clickable (the payment page); built from text nodes, never HTML. */
function withLinks(item, text) {
  for (const part of text.split(/(https?:\/\/[^\s]+)/)) {
    if (/^https?:\/\//.test(part)) {
      const link = document.createElement('a');
      link.href = part;
      link.textContent = part;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      item.append(link);
    } else if (part) {
      item.append(document.createTextNode(part));
    }
  }
}

function render(message) {
  const item = document.createElement('li');
  item.className = message.direction;
  if (message.direction === 'out') withLinks(item, message.text);
  else item.textContent = message.text;
  if (message.buttons && message.direction === 'out') {
    for (const row of message.buttons) {
      const group = document.createElement('div');
      group.className = 'buttons';
      group.setAttribute('role', 'group');
      for (const button of row) {
        const element = document.createElement('button');
        element.type = 'button';
        element.textContent = button.label;
        element.addEventListener('click', () => {
          item.querySelectorAll('button').forEach((each) => { each.disabled = true; });
          send({ button: { data: button.data, label: button.label } });
        });
        group.append(element);
      }
      item.append(group);
    }
  }
  log.append(item);
  item.scrollIntoView({ block: 'end' });
}

function refresh() {
  loading = loading.then(async () => {
    const response = await fetch(`/chat/api/messages?after=${lastId}`, { credentials: 'same-origin' });
    if (!response.ok) return;
    const { messages } = await response.json();
    for (const message of messages) {
      if (message.id > lastId) {
        render(message);
        lastId = message.id;
      }
    }
  }).catch(() => undefined);
  return loading;
}

async function send(body) {
  const response = await fetch('/chat/api/messages', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: newId(), ...body }),
  }).catch(() => null);
  // 503: the shop is busy and nothing was done; the visitor sends it again in a moment.
  if (!response) status.textContent = config.strings.offline;
  else if (response.status === 503) status.textContent = config.strings.busy;
  // 429: this visitor sent too much too fast; nothing was done.
  else if (response.status === 429) status.textContent = config.strings.slowDown;
  else if (!response.ok) status.textContent = config.strings.error;
  else status.textContent = '';
  await refresh();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  send({ text });
});

const events = new EventSource('/chat/api/events');
events.addEventListener('message', () => refresh());
events.addEventListener('open', () => { status.textContent = ''; refresh(); });
events.addEventListener('error', () => { status.textContent = config.strings.offline; });

refresh().then(() => { if (lastId === 0) send({ text: '/start' }); });
