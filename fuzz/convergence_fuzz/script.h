// Reads the input's operation script, one operation at a time, and performs
// it on the two clients: the users' commands (send, optionally as a reply;
// edit and delete of their own messages; reactions set and unset), time
// passing, a connection cut and restored, and what the in-memory server may
// do with its answers (echo and ack order, acks held back, lost, or requests
// ignored). The layout of the reads is the input format:
// convergence_fuzz_seeds.py writes seeds by it, so keep the two in step.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <functional>
#include <string>

#include "convergence_fuzz/two_clients.h"

namespace chatwire::fuzz::convergence {

class Script {
 public:
  Script(FuzzedDataProvider& input, TwoClients& clients) : in_(input), clients_(clients) {}

  /// Performs every operation of the script (not the settling after it).
  void run();

 private:
  void step();
  void send(Side& side);
  void edit(Side& side);
  void remove(Side& side);
  void react(Side& side);
  void retry(Side& side);
  void fault(Side& side);
  /// A message of `side`'s room that `fits`, chosen by the script (it reads
  /// one byte even when there is none to choose: nullptr then).
  const chat::Message* choose(const Side& side, const std::function<bool(const chat::Message&)>& fits);
  /// Traces `line` after the name of `side`'s user.
  void traced(const Side& side, const std::string& line) const;

  FuzzedDataProvider& in_;
  TwoClients& clients_;
  std::size_t sends_ = 0;
};

}  // namespace chatwire::fuzz::convergence
