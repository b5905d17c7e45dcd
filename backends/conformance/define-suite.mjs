import { after, before, describe, test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SCENARIOS } from './scenarios/index.mjs';
import { expectationFor } from './expectations.mjs';
import { openSession, connectAndJoin } from './chat-session.mjs';
import { writeResults } from './results.mjs';

/** What a scenario gets: the running backend, and sessions that are destroyed after it. */
function scenarioContext(backend, server) {
  const sessions = [];
  return {
    server,
    rooms: server.rooms,
    credentials: (name) => server.credentials(name),
    /** A client signed in as `name`, not connected yet. */
    async open(name, opts) {
      const session = await openSession(server, backend.preset, name, opts);
      sessions.push(session);
      return session;
    },
    /** A client signed in as `name`, connected and joined to `rooms`; `options` go to createChatClient. */
    async connected(name, rooms = [], options = {}) {
      return connectAndJoin(await this.open(name, { options }), rooms);
    },
    /** Alice and Bob, connected at once and joined to `roomId`: the two sides of most scenarios. */
    async aliceAndBob(roomId) {
      return Promise.all([this.connected('alice', [roomId]), this.connected('bob', [roomId])]);
    },
    closeAll() {
      for (const session of sessions.splice(0)) session.client.destroy();
    },
  };
}

/**
 * Defines the conformance tests of one backend: every scenario in order against one server (with
 * its data in a temporary folder), each judged against the backend's expectation, and the
 * outcomes written to results/<preset>.json for the README table (table.mjs).
 */
export function defineConformanceSuite(backend) {
  const outcomes = [];
  describe(`${backend.name} (preset ${backend.preset})`, () => {
    let server;
    let dataDir;
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `conformance-${backend.preset}-`));
      server = await backend.start({ dataDir });
    });
    after(async () => {
      writeResults(backend, outcomes);  // first: a server that fails to stop must not lose them
      await server?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    for (const scenario of SCENARIOS) {
      const expected = expectationFor(backend.preset, scenario.id);
      test(`${scenario.title} [${expected.level}]`, async () => {
        const context = scenarioContext(backend, server);
        const started = Date.now();
        try {
          const detail = await scenario.run(context, expected);
          outcomes.push({ feature: scenario.id, ...expected, passed: true, detail, ms: Date.now() - started });
        } catch (error) {
          outcomes.push({ feature: scenario.id, ...expected, passed: false, detail: error.message.split('\n')[0], ms: Date.now() - started });
          throw error;
        } finally {
          context.closeAll();
        }
      });
    }
  });
}
