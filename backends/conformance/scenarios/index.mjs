// The scenarios, in the order they run and appear in the README table.
import connect from './connect.mjs';
import refusedCredentials from './refused-credentials.mjs';
import join from './join.mjs';
import history from './history.mjs';
import send from './send.mjs';
import receive from './receive.mjs';
import typing from './typing.mjs';
import presence from './presence.mjs';
import unread from './unread.mjs';
import serverErrors from './server-errors.mjs';
import restart from './restart.mjs';
import { editScenario, deleteScenario, reactionsScenario, replyScenario, catchUpScenario } from './message-changes.mjs';

export const SCENARIOS = [connect, refusedCredentials, join, history, send, receive, typing, presence, unread, serverErrors, restart,
  editScenario, deleteScenario, reactionsScenario, replyScenario, catchUpScenario];
