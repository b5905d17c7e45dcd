// The demo page against a seed backend through its dialect preset: the
// flask-shows test server (Flask-SocketIO + eventlet, backends/flask-shows),
// reached cross-origin from the page the reference server serves, with the
// JWT in the connection URL's query as that backend wants it. The settings come
// from the query string, as a person would paste them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { startSeedBackend, type SeedBackend } from '../support/seed-backend';

let shows: SeedBackend;
let dataDir: string;

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'chatwire-e2e-flask-shows-'));
  shows = await startSeedBackend('flask-shows', dataDir);
});

test.afterEach(async () => {
  await shows.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('two people chat in a show through the flask-shows preset', async ({ server, openPage, snap }) => {
  const show = shows.rooms[0]!;
  const pageFor = async (name: string) => {
    const creds = await shows.credentials(name);
    const settings = new URLSearchParams({
      server: shows.url,
      preset: 'flask-shows',
      user: creds.user.id,
      name: creds.user.name,
      token: creds.query!.token!,
      tokenIn: 'query',
      // One show per page, as the seed's own hook opens one socket per show: its user_joined,
      // user_left and user_typing name no show, so on a connection in two shows they would be
      // given to the show joined last.
      rooms: show,
    });
    const page = await openPage(`${server.url}/?${settings}`, name);
    await page.expectConnected();
    return { page, id: creds.user.id };
  };

  // Ada writes before Grace arrives: Grace gets it from the history sent on join.
  const ada = await pageFor('Ada');
  await ada.page.openRoom(show);
  await ada.page.send('Doors open at 8');
  await expect(ada.page.messagesWithText('Doors open at 8')).toHaveAttribute('data-status', 'sent');

  const grace = await pageFor('Grace');
  await grace.page.openRoom(show);
  await expect(grace.page.messagesWithText('Doors open at 8')).toHaveCount(1);

  // Presence from the backend's active_users / user_joined events.
  const member = (viewer: typeof ada, who: typeof ada) =>
    viewer.page.page.locator(`[data-testid="member"][data-user-id="${who.id}"]`);
  await expect(member(ada, grace)).toHaveAttribute('data-online', 'true');
  await expect(member(grace, ada)).toHaveAttribute('data-online', 'true');

  // Typing, then a reply: each side shows it once, the sender's copy confirmed by the echo.
  await grace.page.composer.pressSequentially('Front row!', { delay: 20 });
  await expect(ada.page.typingIndicator).toHaveText(/Grace is typing/);
  await expect(grace.page.typingIndicator).toHaveCount(0);
  await grace.page.composer.press('Enter');
  await expect(ada.page.messagesWithText('Front row!')).toHaveCount(1);
  await expect(grace.page.messagesWithText('Front row!')).toHaveAttribute('data-status', 'sent');
  await expect(ada.page.typingIndicator).toHaveCount(0);
  await snap('chatting through flask-shows', ada.page, grace.page);

  // The backend stored both: a reload (a new connection and join) shows each once, in order.
  await grace.page.page.reload();
  await grace.page.expectConnected();
  await grace.page.openRoom(show);
  await expect(grace.page.messagesWithText('Front row!')).toHaveCount(1);
  expect(await grace.page.messageTexts()).toEqual(['Doors open at 8', 'Front row!']);

  // Leaving: Ada's page closes, and Grace's member list lets her go.
  await ada.page.page.close();
  await expect(member(grace, ada)).toHaveCount(0);
});
