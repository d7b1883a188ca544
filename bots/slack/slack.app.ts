import { App, LogLevel } from '@slack/bolt';
import type { Router } from 'express';
import type { Config } from '../../core/shared/config.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { CoreServices } from '../../core/services.ts';
import { SlackHttpReceiver } from './slack.receiver.ts';
import { consoleDeps, staffLanguage } from './console.ts';
import { registerApprovals } from './approvals.ts';
import { registerTickets } from './tickets.ts';
import { registerCommands } from './commands.ts';
import { registerNewOrder } from './new-order.ts';
import { registerHome } from './home.ts';
import { registerPurchasing } from './purchasing.ts';
import { registerCounts } from './counts.ts';
import { registerReport } from './report.ts';
import { registerPayments } from './payments.ts';
import { registerShipping } from './shipping.ts';
import { registerReturns } from './returns.ts';
import { registerShortPicks } from './short-picks.ts';
import { registerCreditHolds } from './credit.ts';
import { registerPlanning } from './planning.ts';
import { registerProduction } from './production.ts';
import { registerBookings } from './bookings.ts';
import { registerFleet } from './fleet.ts';
import { registerQuoteCards } from './quotes.ts';
import { registerLanguage } from './language.ts';
import { registerCatalogue, registerProducts } from './catalogue.ts';
import { registerFaq } from './faq.ts';
import { registerReceiving } from './receiving.ts';
import { registerPicking } from './picking.ts';
import { registerTransfers } from './transfers.ts';
import { registerContact } from './contact.ts';

/**
 * The staff console: Bolt on our own receiver at `POST /slack/events` (events, interactivity
 * and slash commands). Off, with one log line, without SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.
 */
export function createSlackConsole(config: Config, core: CoreServices, logger: Logger): { router: Router; app: App } | undefined {
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) {
    logger.info('Slack staff console is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    return undefined;
  }
  const receiver = new SlackHttpReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, conversations: core.conversations, logger });
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    receiver,
    clientOptions: { slackApiUrl: config.SLACK_API_URL },
    // auth.test runs on the first request, not at start (Slack may be unreachable then).
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
  });
  // Failures go back to the receiver, which logs them once and, for an event, answers Slack
  // with an error so it delivers the event again (Bolt's own handler would print them itself).
  app.error(async (error) => {
    throw error;
  });
  const deps = consoleDeps(core, logger, config);
  app.use(staffLanguage(deps));
  registerApprovals(app, deps);
  registerTickets(app, deps);
  registerCommands(app, deps);
  registerNewOrder(app, deps);
  registerHome(app, deps);
  registerPurchasing(app, deps);
  registerPlanning(app, deps);
  registerProduction(app, deps);
  registerBookings(app, deps);
  registerFleet(app, deps);
  registerCounts(app, deps);
  registerReport(app, deps);
  registerPayments(app, deps);
  registerShipping(app, deps);
  registerReturns(app, deps);
  registerShortPicks(app, deps);
  registerCreditHolds(app, deps);
  registerQuoteCards(app, deps);
  registerLanguage(app, deps);
  registerCatalogue(app, deps);
  registerProducts(app, deps);
  registerFaq(app, deps);
  registerReceiving(app, deps);
  registerPicking(app, deps);
  registerTransfers(app, deps);
  registerContact(app, deps);
  return { router: receiver.router(), app };
}
