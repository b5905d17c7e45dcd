// The SAX handler behind capture(). It walks the plan alongside the parser:
// each open container knows which plan nodes (in which scope instances) it
// stands for, so a value is kept only when some node is waiting for it, and
// a container no node names costs a push and a pop.
#include "dialect/plan_capture.h"

#include <utility>

#include "util/json_sax_reader.h"

namespace chatwire::dialect::plan {

using json_util::Json;

void ListState::clear() {
  next_index = 0;
  messages.clear();
  members.clear();
  seen.clear();
  failure.reset();
}

Instance::Instance(const ScopePlan& scope)
    : plan(&scope), values(scope.nodes.size()), lists(scope.list_count) {}

void Instance::rebind(const ScopePlan& scope) {
  plan = &scope;
  values.resize(scope.nodes.size());
  for (Captured& value : values) {
    value.kind = Captured::Kind::kAbsent;  // what the readers look at first
    // A chat message's field stays kept; the buffer of an outsized one is not.
    if (value.text.capacity() > json_util::kKeptBufferCapacity) {
      std::string().swap(value.text);
    } else {
      value.text.clear();
    }
    value.tree.reset();
  }
  lists.resize(scope.list_count);
  for (ListState& list : lists) list.clear();
}

void Instance::reset(std::uint32_t node) {
  for (std::uint32_t i = node; i < plan->nodes[node].end; ++i) {
    values[i] = Captured{};
    const Node& at = plan->nodes[i];
    for (std::size_t k = 0; k < at.lists.size(); ++k) lists[at.first_list + k].clear();
  }
}

namespace {

using Kind = Captured::Kind;

// A whole object or array kept for a filter that compares one (keep_tree).
// Fed every event from the container's start to its end.
class TreeBuilder {
 public:
  explicit TreeBuilder(Captured& target) : target_(&target) {}

  void start(bool array) {
    Json container = array ? Json::array() : Json::object();
    if (stack_.empty()) {
      root_ = std::make_unique<Json>(std::move(container));
      stack_.push_back(root_.get());
    } else {
      stack_.push_back(insert(std::move(container)));
    }
  }
  void key(const std::string& key) { key_ = key; }
  void scalar(Json value) { insert(std::move(value)); }
  // Whether the kept value is complete (it then has been handed over).
  bool end() {
    stack_.pop_back();
    if (!stack_.empty()) return false;
    target_->tree = std::move(root_);
    return true;
  }

 private:
  Captured* target_;
  std::unique_ptr<Json> root_;  // on the heap: the builder moves, the open containers must not
  std::vector<Json*> stack_;
  std::string key_;

  // As json_util::parse() (and nlohmann): a later duplicate key replaces the earlier value.
  Json* insert(Json value) {
    Json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.get_ref<Json::array_t&>().push_back(std::move(value));
      return &parent.get_ref<Json::array_t&>().back();
    }
    Json& slot = parent.get_ref<Json::object_t&>()[key_];
    slot = std::move(value);
    return &slot;
  }
};

struct Cursor {
  Instance* instance;
  std::uint32_t node;
};
// A list element being read; handed to the sink when it ends.
struct Item {
  std::unique_ptr<Instance> instance;
  const ListReader* reader;
  ListState* state;
  std::size_t index;
};
struct Frame {
  bool array = false;
  bool args = false;            // the argument array itself
  std::size_t index = 0;        // arrays: the element being read
  std::vector<Cursor> cursors;  // the plan nodes this container stands for
  std::vector<Cursor> targets;  // objects: the nodes the current key's value stands for
  std::vector<Item> items;      // list elements that end with this container
};

// The handler's working memory, kept from one capture to the next: a frame
// is read with a few containers open, and allocating their vectors afresh
// for every frame was a dozen allocations per message.
struct Scratch {
  // frames[0, depth) are the open containers; frames beyond are kept for
  // their buffers, so a frame costs no allocation once the stack has grown.
  std::vector<Frame> frames;
  std::vector<Cursor> targets;  // where the value being read goes
  std::vector<Item> new_items;  // list elements it starts
  std::optional<Instance> root;  // the first argument's values, rebound to each plan
};

class CaptureHandler final : public json_util::SaxHandler {
 public:
  CaptureHandler(Instance& root, const ItemSink& sink, std::size_t max_depth, Scratch& scratch)
      : root_(root),
        sink_(sink),
        max_depth_(max_depth),
        frames_(scratch.frames),
        targets_(scratch.targets),
        new_items_(scratch.new_items) {
    targets_.clear();
    new_items_.clear();
  }

  [[nodiscard]] bool args_is_array() const { return args_is_array_; }

  bool null() override {
    return scalar(
        Kind::kNull, [](Captured&) {}, [] { return Json(nullptr); });
  }
  bool boolean(bool value) override {
    return scalar(
        Kind::kBool, [value](Captured& c) { c.boolean = value; }, [value] { return Json(value); });
  }
  bool number_integer(number_integer_t value) override {
    return scalar(
        Kind::kInt, [value](Captured& c) { c.integer = value; }, [value] { return Json(value); });
  }
  bool number_unsigned(number_unsigned_t value) override {
    return scalar(
        Kind::kUnsigned, [value](Captured& c) { c.unsigned_integer = value; },
        [value] { return Json(value); });
  }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return scalar(
        Kind::kFloat, [value](Captured& c) { c.floating = value; }, [value] { return Json(value); });
  }
  bool string(string_t& value) override {
    for (TreeBuilder& builder : builders_) builder.scalar(Json(value));
    locate_value();
    // Copied, not moved: the captured string keeps its capacity from frame
    // to frame (Instance::rebind), and so does the reader's buffer.
    for (const Cursor& target : targets_) {
      Captured& captured = target.instance->values[target.node];
      captured.kind = Kind::kString;
      captured.text.assign(value);
    }
    for (Item& item : new_items_) finish(item);
    value_done();
    return true;
  }
  bool start_object(std::size_t /*elements*/) override { return start(false); }
  bool start_array(std::size_t /*elements*/) override { return start(true); }
  bool end_object() override { return end(); }
  bool end_array() override { return end(); }

  bool key(string_t& value) override {
    for (TreeBuilder& builder : builders_) builder.key(value);
    Frame& frame = frames_[depth_ - 1];
    frame.targets.clear();
    for (const Cursor& cursor : frame.cursors) {
      const std::uint32_t child = cursor.instance->plan->child(cursor.node, value);
      if (child == ScopePlan::kNone) continue;
      // A node never captured has nothing below it either: only a
      // duplicate key has something to forget.
      if (cursor.instance->values[child].kind != Kind::kAbsent) cursor.instance->reset(child);
      frame.targets.push_back({cursor.instance, child});
    }
    return true;
  }

 private:
  Instance& root_;
  const ItemSink& sink_;
  std::size_t max_depth_;
  bool args_is_array_ = false;
  std::vector<Frame>& frames_;  // Scratch::frames; [0, depth_) are open
  std::size_t depth_ = 0;
  std::vector<Cursor>& targets_;
  std::vector<Item>& new_items_;
  std::vector<TreeBuilder> builders_;  // rare (filters that compare a whole value): not kept

  // Finds where the value starting now goes, into targets_ and new_items_.
  void locate_value() {
    targets_.clear();
    new_items_.clear();
    if (depth_ == 0) return;
    Frame& frame = frames_[depth_ - 1];
    if (frame.args) {
      if (frame.index == 0) targets_.push_back({&root_, 0});
      return;
    }
    if (!frame.array) {
      targets_ = frame.targets;
      return;
    }
    for (const Cursor& cursor : frame.cursors) {
      const ScopePlan& plan = *cursor.instance->plan;
      const Node& node = plan.nodes[cursor.node];
      for (const std::uint32_t child : node.children) {
        if (plan.nodes[child].index == frame.index) targets_.push_back({cursor.instance, child});
      }
      for (std::size_t k = 0; k < node.lists.size(); ++k) {
        ListState& state = cursor.instance->lists[node.first_list + k];
        const std::size_t index = state.next_index++;
        const ListReader& reader = node.lists[k];
        // A member list stops reading at its first failure or once full.
        if (reader.members && (state.failure || state.members.size() >= kMaxListItems)) continue;
        auto item = std::make_unique<Instance>(*reader.items);
        targets_.push_back({item.get(), 0});
        new_items_.push_back(Item{std::move(item), &reader, &state, index});
      }
    }
  }

  void finish(Item& item) {
    if (item.reader->members) {
      sink_.member(*item.reader, *item.instance, item.index, *item.state);
      return;
    }
    item.state->messages.push_back(sink_.message(*item.reader, *item.instance, item.index));
    if (item.state->messages.size() > kMaxListItems) item.state->messages.pop_front();
  }

  // After a whole value: the enclosing array moves on to its next element.
  void value_done() {
    if (depth_ > 0) ++frames_[depth_ - 1].index;
  }

  template <class Set, class Make>
  bool scalar(Kind kind, const Set& set, const Make& make) {
    for (TreeBuilder& builder : builders_) builder.scalar(make());
    locate_value();
    for (const Cursor& target : targets_) {
      Captured& captured = target.instance->values[target.node];
      captured.kind = kind;
      set(captured);
    }
    for (Item& item : new_items_) finish(item);
    value_done();
    return true;
  }

  bool start(bool array) {
    if (depth_ == max_depth_) return false;  // a guard: the reader refuses that depth before calling
    for (TreeBuilder& builder : builders_) builder.start(array);
    locate_value();
    for (const Cursor& target : targets_) {
      Captured& captured = target.instance->values[target.node];
      captured.kind = array ? Kind::kArray : Kind::kObject;
      if (target.instance->plan->nodes[target.node].keep_tree) {
        builders_.emplace_back(captured);
        builders_.back().start(array);
      }
    }
    if (depth_ == 0) args_is_array_ = array;
    const bool args = depth_ == 0 && array;
    if (frames_.size() == depth_) frames_.emplace_back();
    Frame& frame = frames_[depth_++];
    frame.array = array;
    frame.args = args;
    frame.index = 0;
    frame.cursors.swap(targets_);
    frame.targets.clear();
    frame.items.clear();
    for (Item& item : new_items_) frame.items.push_back(std::move(item));
    return true;
  }

  bool end() {
    for (std::size_t i = builders_.size(); i > 0; --i) {
      if (builders_[i - 1].end()) builders_.erase(builders_.begin() + static_cast<std::ptrdiff_t>(i - 1));
    }
    Frame& frame = frames_[--depth_];
    for (Item& item : frame.items) finish(item);
    frame.items.clear();  // frees the elements' instances now, not when the frame is reused
    value_done();
    return true;
  }
};

}  // namespace

Capture capture(const ScopePlan& scope, std::string_view args_json, const ItemSink& sink,
                std::size_t max_depth) {
  // One per thread (the Wasm module has one): capture() is never re-entered,
  // the sink does not capture.
  thread_local Scratch scratch;
  if (scratch.root) {
    scratch.root->rebind(scope);
  } else {
    scratch.root.emplace(scope);
  }
  Capture result{{}, false, &*scratch.root};
  CaptureHandler handler(*result.root, sink, max_depth, scratch);
  result.outcome = json_util::sax_parse(args_json, handler, max_depth);
  // A read refused half-way leaves list elements in the open frames; they
  // would be dropped when a frame is reused, but need not wait for that.
  if (!result.outcome.ok) {
    for (Frame& frame : scratch.frames) frame.items.clear();
  }
  result.args_is_array = handler.args_is_array();
  return result;
}

}  // namespace chatwire::dialect::plan
