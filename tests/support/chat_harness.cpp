#include "support/chat_harness.h"

#include <algorithm>

namespace chatwire::testing {

using chat::Operation;

namespace {
void allow(chat::Capabilities& caps, std::initializer_list<Operation> ops) {
  for (Operation op : ops) caps.supports[static_cast<std::size_t>(op)] = true;
}
}  // namespace

chat::Capabilities native_caps() {
  chat::Capabilities caps;
  allow(caps, {Operation::kJoin, Operation::kLeave, Operation::kSend, Operation::kTypingStart,
               Operation::kTypingStop, Operation::kMarkRead, Operation::kHistory, Operation::kMembers,
               Operation::kEdit, Operation::kDelete, Operation::kReact, Operation::kChanges});
  caps.join_confirmation = chat::Confirmation::kAck;
  caps.send_confirmation = chat::Confirmation::kAck;
  caps.idempotent_send = true;
  caps.typing_expires_ms = 6000;
  caps.history_since = true;
  caps.history_before = true;
  caps.history_around = true;
  caps.has_seq = true;
  caps.reports_members = true;
  caps.replies = true;
  caps.changes_since = true;
  return caps;
}

chat::Capabilities echo_caps() {
  chat::Capabilities caps;
  allow(caps, {Operation::kJoin, Operation::kLeave, Operation::kSend, Operation::kTypingStart,
               Operation::kTypingStop, Operation::kMembers});
  caps.join_confirmation = chat::Confirmation::kEvent;
  caps.send_confirmation = chat::Confirmation::kEvent;
  caps.reports_members = true;
  return caps;
}

chat::ChatConfig chat_config(chat::Capabilities caps) {
  chat::ChatConfig config;
  config.self = {"u1", "Ada"};
  config.capabilities = caps;
  config.client_id_seed = 7;
  return config;
}

chat::Message remote_message(const std::string& room, const std::string& id, const std::string& author,
                             const std::string& text, std::int64_t created_at_ms, std::optional<std::int64_t> seq) {
  chat::Message message;
  message.id = id;
  message.room = room;
  message.author = {author, author};
  message.text = text;
  message.created_at_ms = created_at_ms;
  message.seq = seq;
  return message;
}

std::vector<chat::Message> numbered_messages(const std::string& room, int from, int to) {
  std::vector<chat::Message> page;
  for (int n = from; n <= to; ++n) {
    page.push_back(remote_message(room, "m" + std::to_string(n), "u2", "text " + std::to_string(n), 1000 + n, n));
  }
  return page;
}

std::vector<std::int64_t> seqs_of(const chat::MessageStore& store) {
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i).seq.value_or(-1));
  return out;
}

std::vector<std::int64_t> seqs_between(std::int64_t first, std::int64_t last) {
  std::vector<std::int64_t> out;
  for (std::int64_t seq = first; seq <= last; ++seq) out.push_back(seq);
  return out;
}

chat::Response refused_ack(const std::string& code, const std::string& message) {
  chat::Response response;
  response.ok = false;
  response.error_code = code;
  response.error_message = message;
  return response;
}

ChatHarness::ChatHarness(chat::Capabilities caps) : ChatHarness(chat_config(caps)) {}

ChatHarness::ChatHarness(chat::ChatConfig config) {
  auto created = chat::ChatModel::create(std::move(config));
  if (!created) {
    ADD_FAILURE() << "invalid chat config: " << created.error().field << ": " << created.error().message;
    std::abort();
  }
  model = std::move(created).value();
}

void ChatHarness::pump() {
  while (auto request = model->poll_request()) requests.push_back(std::move(*request));
  while (auto event = model->poll_event()) events.push_back(std::move(*event));
}

void ChatHarness::connect() {
  model->connected(now);
  pump();
}

void ChatHarness::drop() {
  model->connection_lost(now);
  pump();
}

void ChatHarness::advance_to(std::int64_t until_ms) {
  for (int guard = 0; guard < 1'000'000; ++guard) {
    const auto deadline = model->poll_timeout();
    if (!deadline || *deadline > until_ms) break;
    now = std::max(now, *deadline);
    model->handle_timeout(now);
    pump();
  }
  now = std::max(now, until_ms);
}

std::vector<chat::Request> ChatHarness::of(Operation op) const {
  std::vector<chat::Request> out;
  for (const auto& request : requests) {
    if (request.op == op) out.push_back(request);
  }
  return out;
}

chat::Request ChatHarness::last(Operation op) const {
  const auto all = of(op);
  if (all.empty()) {
    ADD_FAILURE() << "no " << chat::to_string(op) << " request";
    return {};
  }
  return all.back();
}

void ChatHarness::answer(Operation op, chat::Response response) {
  model->on_response(now, last(op).id, std::move(response));
  pump();
}

void ChatHarness::join_ok(const std::string& room, std::vector<chat::Message> page, std::optional<bool> has_more) {
  EXPECT_TRUE(model->join(now, room).ok());
  if (!model->is_connected()) model->connected(now);
  pump();
  chat::Response response;
  response.history = chat::HistoryPage{std::move(page), has_more};
  answer(Operation::kJoin, std::move(response));
}

void ChatHarness::signal(chat::Signal signal) {
  model->on_signal(now, std::move(signal));
  pump();
}

const chat::Room& ChatHarness::room(const std::string& id) const {
  const chat::Room* found = model->room(id);
  if (found == nullptr) {
    ADD_FAILURE() << "no room " << id;
    std::abort();
  }
  return *found;
}

std::vector<std::string> ChatHarness::texts(const std::string& id) const {
  std::vector<std::string> out;
  const auto& store = room(id).messages();
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i).text);
  return out;
}

std::vector<chat::MessageStatus> ChatHarness::statuses(const std::string& id) const {
  std::vector<chat::MessageStatus> out;
  const auto& store = room(id).messages();
  for (std::size_t i = 0; i < store.size(); ++i) out.push_back(store.at(i).status);
  return out;
}

}  // namespace chatwire::testing
