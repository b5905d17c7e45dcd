// Fuzzes the whole client: session, dialect and chat model together, behind
// chatwire::Client. The first input byte picks one of the six dialect
// presets; the client is created with small limits (20 messages and 5
// pending sends per room, 4 rooms) so every bound is reached, connected
// through a handshake, and then driven by a script of operations read with
// FuzzedDataProvider: server events (shaped like the preset's events, or
// anything), acks to the requests the client sent, raw frames, every user
// command, transport and network events, and the clock moving.
//
// The parts, in client_fuzz/:
//   harness.h            reads the script one operation at a time and drives the client
//   fake_server.h        what the server says: events, acks, control frames
//   payload_generator.h  the JSON in them, typed for each field name most of the time
//   vocabulary.h         the event and field names and the values worth sending
//   user_commands.h      the user's chat commands and their arguments
//   invariants.h         the properties checked after every operation (the list)
//   message_mirror.h     a reader of take_message_changes() that must match the rooms
//   tracked_sends.h      what became of each client id send() returned
//   client_setup.h       the client's config and the presets
//
// Reading a reproducer: CLIENT_FUZZ_TRACE=1 prints the script as it runs.
// Fuzzing past a known bug: CLIENT_FUZZ_SKIP=tag,tag turns those properties
// off. The seeds in corpus/client_fuzz/ come from client_fuzz_seeds.py,
// which mirrors how these files read their input: keep the two in step.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <utility>

#include "client.h"
#include "client_fuzz/client_setup.h"
#include "client_fuzz/harness.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cf = chatwire::fuzz::client_fuzz;
  if (size == 0) return 0;
  const auto& dialects = cf::preset_dialects();
  FUZZ_CHECK(dialects.size() == 6, "six presets");
  const std::size_t preset = data[0] % dialects.size();
  auto created = chatwire::Client::create(cf::fuzz_config(), dialects[preset]);
  FUZZ_CHECK(created.ok(), "the fuzz config is valid: " + (created ? "" : created.error().field));
  FuzzedDataProvider input(data + 1, size - 1);
  cf::Harness harness(input, preset, std::move(created).value());
  harness.run();
  return 0;
}
