// The built-in dialects: the documents of preset_documents.h, compacted at
// compile time (util/json_compact.h) so that the module holds each without
// its whitespace and comments.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/dialect.h"
#include "dialect/preset_documents.h"
#include "util/json_compact.h"

namespace chatwire::dialect {
namespace {

// The compact text of the document at kDocuments[index], built by the compiler.
template <std::size_t index>
struct Compacted {
  static constexpr std::string_view kSource = presets::kDocuments[index].text;
  static constexpr std::size_t kSize = json_util::compact_json(kSource, "comment", nullptr);
  static constexpr std::array<char, kSize> kText = [] {
    std::array<char, kSize> text{};
    json_util::compact_json(kSource, "comment", text.data());
    return text;
  }();
};

// A preset as the module holds it. Only these are used at run time, so the
// documents as written (and their comments) never reach the binary.
struct CompactPreset {
  std::string_view name;
  std::string_view text;
};

template <std::size_t... index>
constexpr std::array<CompactPreset, sizeof...(index)> compact_all(std::index_sequence<index...> /*indices*/) {
  return {CompactPreset{presets::kDocuments[index].name,
                        std::string_view(Compacted<index>::kText.data(), Compacted<index>::kSize)}...};
}

constexpr std::array<CompactPreset, presets::kDocuments.size()> kPresets =
    compact_all(std::make_index_sequence<presets::kDocuments.size()>());

}  // namespace

std::optional<std::string_view> Dialect::preset_text(std::string_view name) {
  for (const CompactPreset& preset : kPresets) {
    if (preset.name == name) return preset.text;
  }
  return std::nullopt;
}

const std::vector<std::string>& Dialect::preset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const CompactPreset& preset : kPresets) out.emplace_back(preset.name);
    return out;
  }();
  return names;
}

Result<Dialect, DialectError> Dialect::preset(std::string_view name) {
  const std::optional<std::string_view> text = preset_text(name);
  if (!text) return Failure{DialectError{"", "no preset is called \"" + std::string(name) + "\""}};
  return load(*text);
}

}  // namespace chatwire::dialect
