// Two clients of different users, Ada and Grace, in one room of one
// in-memory native server (tests/support's NativeBackend), must end up
// showing the same room: the one the server holds. The input is a script
// read with FuzzedDataProvider that interleaves, for either client, sends
// (some of them replies), edits and deletes of the user's own messages,
// reactions set and unset from a small emoji set, deliveries (which
// connection hears from the server when), time passing, the network cut
// (what is on the wire lost) and restored, and the server's choices: echo
// before or after the ack, acks held back, acks lost, requests lost. Then
// everything settles (both reconnect, all is answered, failed sends are
// retried) and convergence.h's property is checked; then both connections
// drop and come back once more, and it is checked again.
//
// The parts, in convergence_fuzz/:
//   two_clients.h   the server, both clients, the shared clock, cuts and settling
//   script.h        reads the script and performs each operation
//   convergence.h   the property (the list), with the three views on failure
//
// Reading a reproducer: CLIENT_FUZZ_TRACE=1 prints the operations, the frames
// both ways and the clients' errors. CLIENT_FUZZ_SKIP=tag,tag turns those
// properties off. The seeds in corpus/convergence_fuzz/ come from
// convergence_fuzz_seeds.py, which mirrors how script.cpp reads its input.
#include <fuzzer/FuzzedDataProvider.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "convergence_fuzz/convergence.h"
#include "convergence_fuzz/script.h"
#include "convergence_fuzz/two_clients.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // The support code reports with GoogleTest (a drive() that never settles):
  // outside a test that is only printed, so make it a crash libFuzzer keeps.
  GTEST_FLAG_SET(break_on_failure, true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cv = chatwire::fuzz::convergence;
  FuzzedDataProvider input(data, size);
  cv::TwoClients clients;
  cv::Script(input, clients).run();
  clients.settle();
  cv::check_converged(clients, "settled");
  clients.reconnect_both();
  cv::check_converged(clients, "reconnected");
  return 0;
}
