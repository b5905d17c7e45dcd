// The property convergence_fuzz checks once the script has settled: both
// clients show the room as the server holds it, so the same room. For each
// client, with its tag (printed first in a failure; CLIENT_FUZZ_SKIP=tag
// turns it off):
//   joined     the client is in the room
//   count      it shows as many messages as the server holds
//   order      the same messages (server ids) in the same order (seqs)
//   pending    none is pending or failed, none has a pending operation
//   author     same author; the user's own keep the client id they were sent with
//   text       same text
//   deleted    same tombstones
//   edited     same edit time (0: never edited)
//   reactions  the server's emoji in its order, each with its count of users,
//              and `mine` exactly where the client's user is among them
//   reply      same reply preview: parent id, author, excerpt, deleted
//   version    same version: no client keeps a state older than the server's
//   time       same creation time
// A failure prints the three views (the server's, Ada's, Grace's) in full.
// It is checked once the script has settled, and again after both clients
// reconnected (the rejoins' catch-up must not undo what was live).
#pragma once

#include "convergence_fuzz/two_clients.h"

namespace chatwire::fuzz::convergence {

/// `when` names the moment in a failure's message.
void check_converged(const TwoClients& clients, const char* when);

}  // namespace chatwire::fuzz::convergence
