/**
 * Concepts the classifier gets as features of their own, so a word the corpus never used still
 * counts for what it means (the corpus cannot list every way to say "broken" or "hello"). Each
 * concept: English word stems (matched at a word start), Chinese fragments, pinyin (whole words).
 */
const concepts: Record<string, { en: string[]; zh: string[]; pinyin?: string[] }> = {
  negative: {
    en: ['terribl', 'awful', 'horribl', 'disgust', 'pathetic', 'unacceptab', 'rip-off', 'ripoff', 'scam', 'fraud', 'fake', 'cheat', 'lied', 'liar', 'rude', 'broke', 'broken', 'crack', 'chip', 'shatter', 'crush', 'dent', 'leak', 'mold', 'mould', 'stale', 'expired', 'rotten', 'smell', 'stink', 'fade', 'shrank', 'shrunk', 'worst', 'useless', 'garbage', 'trash', 'rubbish', 'junk', 'furious', 'angry', 'livid', 'fed up', 'disappoint', 'ridiculous', 'insult', 'outrage', 'complain', 'complaint', 'damage', 'defect', 'faulty', 'wrong item', 'missing', 'never arrived', 'report you', 'bad review', 'chargeback', 'sue', 'lawyer', 'hell', 'wtf', 'damn', 'crap', 'sucks', 'shit', 'annoy', 'unhappy', 'poor quality', 'bad quality', 'bad service', 'so bad', 'not happy', 'lousy', 'wrong size', 'wrong colour', 'wrong color', 'wrong one', 'absolutely terrible', 'not ok', 'not okay', 'unprofessional', 'waste of money'],
    zh: ['垃圾', '太烂', '很烂', '烂', '坑', '骗', '假货', '山寨', '次品', '劣质', '碎', '裂', '压扁', '压坏', '漏', '发霉', '霉', '过期', '变质', '掉色', '缩水', '少发', '漏发', '错发', '发错', '态度差', '态度恶劣', '恶劣', '气死', '气炸', '无语', '失望', '差评', '投诉', '消协', '12315', '曝光', '退一赔三', '坏了', '破', '差劲', '太差', '真差', '什么玩意', '搞什么', '忽悠', '黑店', '不靠谱', '恶心', '难喝', '难吃', '质量差', '有问题', '瑕疵', '划痕', '磕', '受潮', '臭', '异味', '骂', '生气', '火大', '郁闷', '离谱', '过分'],
    pinyin: ['laji', 'pianzi', 'chaping', 'tousu', 'kengren', 'kengdie', 'chajin', 'tailan', 'jiahuo', 'shiwang'],
  },
  greet: {
    en: ['hello', 'hi', 'hey', 'hiya', 'howdy', 'greeting', 'hullo', 'yo', 'sup', 'good morning', 'good afternoon', 'good evening', 'morning', 'afternoon', 'evening', 'anyone there', 'anybody there', 'is this thing on'],
    zh: ['你好', '您好', '在吗', '在不', '在么', '哈喽', '嗨', '早上好', '下午好', '晚上好', '早安', '有人吗', '有人在吗', '亲在吗'],
    pinyin: ['nihao', 'ninhao', 'zaima', 'halou'],
  },
  thank: {
    en: ['thank', 'thx', 'thanx', 'ty', 'tysm', 'cheers', 'appreciat', 'bye', 'goodbye', 'see ya', 'see you', 'later', 'cool', 'perfect', 'great', 'awesome', 'got it', 'ok', 'okay', 'all good', 'no problem', 'noted', 'kk', 'roger', 'understood', 'sounds good', 'alright', 'fine'],
    zh: ['谢谢', '谢啦', '多谢', '感谢', '辛苦', '好的', '好滴', '收到', '明白', '拜拜', '再见', '886', '88', '没问题', '好嘞', '知道了', '了解', '懂了', '行', '好吧', 'ok'],
    pinyin: ['xiexie', 'baibai', 'haode'],
  },
  person: {
    en: ['human', 'person', 'people', 'agent', 'rep', 'representative', 'operator', 'staff', 'manager', 'supervisor', 'boss', 'live chat', 'real person', 'not a bot', 'someone', 'somebody', 'customer service', 'support team', 'employee', 'bot', 'robot', 'human being', 'actual person', 'talk to someone', 'speak to someone'],
    zh: ['人工', '客服', '真人', '活人', '店长', '老板', '工作人员', '转人', '认工', '机器人'],
    pinyin: ['rengong', 'kefu', 'zhuanrengong', 'kf', 'rgkf'],
  },
  pay: {
    en: ['pay', 'payment', 'visa', 'mastercard', 'credit card', 'debit card', 'card', 'paypal', 'apple pay', 'alipay', 'wechat pay', 'installment', 'invoice', 'currency', 'cash on delivery', 'cod', 'bank transfer'],
    zh: ['付款', '支付', '付钱', '支付宝', '微信支付', '花呗', '分期', '信用卡', '发票', '货到付款', '到付', '转账', '刷卡', '积分抵扣', '万事达'],
    pinyin: ['zhifubao', 'fukuan', 'zhifu', 'fuqian', 'weixinzhifu', 'huabei'],
  },
  ship: {
    en: ['ship', 'shipping', 'deliver', 'delivery', 'postage', 'courier', 'express', 'freight', 'pickup', 'pick up', 'dispatch', 'international', 'free delivery', 'transit', 'tracked', 'overseas', 'abroad'],
    zh: ['运费', '包邮', '邮费', '快递', '顺丰', '配送', '发货', '寄', '送货', '物流', '自提', '偏远'],
    pinyin: ['baoyou', 'yunfei', 'kuaidi', 'shunfeng', 'fahuo', 'peisong'],
  },
  whereabouts: {
    en: ['where', 'track', 'tracking', 'status', 'arrive', 'arrival', 'eta', 'stuck', 'delay', 'shipped yet', 'still not', 'not arrived', 'not received', 'when will', 'how long until'],
    zh: ['到哪', '在哪', '哪了', '到了没', '还没到', '还不发货', '怎么还没', '什么时候到', '几号到', '进度', '单号', '查快递', '查物流', '卡住', '派送'],
    pinyin: ['daonale', 'zainali', 'shenmeshihoudao', 'danhao'],
  },
  refund: {
    en: ['return', 'refund', 'money back', 'send back', 'send it back', 'give back', 'replacement', 'replace', 'exchange', 'swap', 'rma', 'reimburs'],
    zh: ['退货', '退款', '退钱', '退掉', '寄回', '换货', '换一个', '售后', '退回'],
    pinyin: ['tuihuo', 'tuikuan', 'tuiqian', 'huanhuo', 'shouhou', 'tk'],
  },
  policy: {
    en: ['policy', 'how many days', 'how long do i have', 'within', 'window', 'who pays', 'rules', 'can i return', 'can you return', 'do you accept returns', 'warranty', 'guarantee', 'guaranteed'],
    zh: ['无理由', '几天内', '多少天', '多久内', '政策', '规则', '运费谁出', '能退吗', '可以退吗', '能换吗', '可以换吗', '保修', '质保', '包退', '包换'],
  },
  stop: {
    en: ['cancel', 'cancle', 'cancl', 'never mind', 'nevermind', 'nvm', 'forget it', 'stop', 'abort', 'scrap', 'call it off', 'changed my mind', 'drop it', "don't want", 'undo', 'terminate', 'revoke', 'withdraw', 'second thought', 'by mistake', 'clicked by mistake', 'no longer want', 'not anymore'],
    zh: ['取消', '算了', '不要了', '不买了', '作废', '撤销', '撤单', '退订', '取销', '点错了', '不想要了', '别发了', '撤回'],
    pinyin: ['quxiao', 'suanle', 'buyaole', 'bumaile'],
  },
  booking: {
    en: ['book', 'booking', 'appointment', 'appt', 'reserve', 'reservation', 'slot', 'schedule', 'reschedul', 'session', 'visit', 'pencil me in', 'arrange a', 'come in on', 'come by'],
    zh: ['预约', '预订', '预定', '约个', '约时间', '改约', '约的', '档期', '时段', '到店', '上门', '挂号', '报名', '名额'],
    pinyin: ['yuyue', 'yuding'],
  },
  language: {
    en: ['english', 'chinese', 'mandarin', 'cantonese', 'language', 'translate', 'eng'],
    zh: ['中文', '英文', '英语', '汉语', '普通话', '粤语', '繁体', '繁體', '语言', '翻译'],
    pinyin: ['zhongwen', 'yingwen', 'yingyu', 'hanyu'],
  },
  basket: {
    en: ['cart', 'basket', 'bag', 'trolley'],
    zh: ['购物车', '购物篮', '够物车'],
    pinyin: ['gouwuche'],
  },
  finish: {
    en: ['checkout', 'check out', 'chekout', 'chckout', 'place the order', 'place my order', 'place order', 'ready to pay', 'pay now', 'done shopping', "that's all", 'thats all', 'finish'],
    zh: ['结算', '结账', '下单', '买单', '付款吧', '提交订单'],
    pinyin: ['jiesuan', 'jiezhang', 'xiadan', 'maidan'],
  },
  history: {
    en: ['my orders', 'order history', 'purchase history', 'past purchases', 'previous orders', 'order records', 'what did i buy', 'bought before', 'my purchases'],
    zh: ['历史订单', '购买记录', '已购', '买过', '订单列表', '全部订单'],
  },
  browse: {
    en: ['catalog', 'catalogue', 'browse', 'what do you sell', 'what do you have', 'products', 'menu', 'new arrivals', 'categories', 'shop', 'store', 'range', 'price list', 'look around', 'have a look', 'take a look', 'whats new', 'what\'s new'],
    zh: ['逛逛', '看看', '商品', '目录', '新款', '上新', '首页', '全部商品', '价目表', '有什么卖', '卖什么', '推荐'],
  },
  confused: {
    en: ['help', 'how does this work', 'how do i use', 'what can you do', 'confused', 'lost', 'instructions', 'guide', 'commands', 'options', 'what now', 'how to', 'assist', 'assistance', 'what are my options', 'features', 'walk me through'],
    zh: ['帮助', '怎么用', '怎么操作', '功能', '指令', '教程', '懵', '搞不懂', '不会用', '能干嘛', '能做什么'],
    pinyin: ['bangzhu'],
  },
  price: {
    en: ['how much', 'price', 'cost', 'in stock', 'available', 'do you have', 'do you sell', 'details', 'which is better', ' vs ', 'any good', 'origin'],
    zh: ['多少钱', '怎么卖', '啥价', '价格', '有货', '还有吗', '有没有', '详情', '哪个好', '产地', '几钱'],
    pinyin: ['duoshaoqian', 'jiage'],
  },
  offtopic: {
    en: ['weather', 'raining', 'joke', 'capital of', 'meaning of life', 'time difference', 'recipe', 'cook', 'dumpling', 'date with', 'go on a date', 'girlfriend', 'boyfriend', 'married', 'my cat', 'my dog', 'football', 'stock market', 'bitcoin', 'crypto', 'homework', 'admin override', 'system prompt', 'ignore previous', 'ignore all previous', 'show config', 'drop table', 'select *', '<script', 'jailbreak', 'who are you', 'are you human', 'are you a robot'],
    zh: ['天气', '下雨', '笑话', '首都', '人生', '时差', '菜谱', '怎么做饭', '包饺子', '男朋友', '女朋友', '结婚', '我家猫', '我家狗', '足球', '股票', '比特币', '作业', '忽略之前', '系统提示', '管理员', '兼职', '刷单', '日结', '你是谁', '你叫什么'],
  },
  want: {
    en: ['i want', "i'll take", 'i will take', 'give me', 'add', 'put', 'buy', 'order', 'get me', "i'd like", 'i would like', 'gimme', 'take'],
    zh: ['来', '要', '买', '加购', '拍', '给我', '加入', '加一'],
    pinyin: ['laiyi', 'woyao', 'maiyi'],
  },
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each concept as one pattern: English stems at a word start (short ones as whole words), Chinese fragments anywhere, pinyin as whole words. */
const patterns = Object.entries(concepts).map(([name, concept]) => {
  const english = concept.en.map((stem) => (stem.length < 4 ? `(?<![a-z])${escape(stem)}(?![a-z])` : `(?<![a-z])${escape(stem)}`));
  const pinyin = (concept.pinyin ?? []).map((word) => `(?<![a-z])${escape(word)}(?![a-z])`);
  return { feature: `c:${name}`, pattern: new RegExp([...english, ...concept.zh.map(escape), ...pinyin].join('|'), 'u') };
});

/** The concepts `text` (normalised: lower case, NFKC) mentions, as `c:<concept>` features. */
export function conceptFeatures(text: string): string[] {
  return patterns.filter(({ pattern }) => pattern.test(text)).map(({ feature }) => feature);
}
