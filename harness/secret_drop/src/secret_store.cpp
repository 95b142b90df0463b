#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>

#include "utf8.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/core/atomic_file.hpp>
#include <tas/core/clock.hpp>
#include <tas/core/private_file.hpp>
#include <tas/core/secret_shapes.hpp>
#include <tas/core/state_directory.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::secret_drop {
namespace {

using Kind = SecretStoreError::Kind;

constexpr std::size_t kMaxFields = 16;
constexpr std::size_t kMaxFieldNameBytes = 64;
// A store file holds at most kMaxFields values of kMaxValueBytes, each escaped at worst six-fold
// ("\u0001"), plus the rest: anything larger was not written by the store.
constexpr std::size_t kMaxFileBytes = 1024 * 1024;

[[noreturn]] void fail(Kind kind, const std::string& message) {
  throw SecretStoreError(kind, message);
}

void check_id(std::string_view id) {
  // The text is not repeated: something that is not an ID may well be the secret itself.
  if (!is_drop_id(id)) {
    fail(Kind::invalid,
         fmt::format("expected a Secret Drop ID (\"drop-\" followed by 32 lowercase hex digits), "
                     "got {} characters that are not one; run `test-as-self secret list` to see "
                     "the stored drops",
                     id.size()));
  }
}

bool is_field_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxFieldNameBytes &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-';
         });
}

bool is_blank(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

void check_fields(const DropFields& fields) {
  if (fields.empty()) fail(Kind::invalid, "a drop needs at least one field; none was given");
  if (fields.size() > kMaxFields) {
    fail(Kind::invalid,
         fmt::format("a drop holds at most {} fields; {} were given", kMaxFields, fields.size()));
  }
  for (const auto& [name, value] : fields) {
    if (!is_field_name(name)) {
      fail(Kind::invalid,
           fmt::format("expected a field name of 1 to {} letters, digits, '_', '.' or '-'; got "
                       "{} characters that are not one",
                       kMaxFieldNameBytes, name.size()));
    }
    const std::string_view text = value.reveal();
    if (is_blank(text)) {
      fail(Kind::invalid,
           fmt::format("the value of field '{}' is blank{}; a secret must not be empty", name,
                       text.empty() ? "" : " (only whitespace)"));
    }
    if (text.size() > kMaxValueBytes) {
      fail(Kind::invalid,
           fmt::format("the value of field '{}' is {} bytes; the store takes at most {} bytes "
                       "per value",
                       name, text.size(), kMaxValueBytes));
    }
    if (!detail::is_valid_utf8(text)) {
      fail(Kind::invalid,
           fmt::format("the value of field '{}' is not UTF-8 text; the store keeps text secrets "
                       "(encode binary ones, e.g. with base64)",
                       name));
    }
  }
}

// Wipes every string inside `document`: the parsed or serialised copies of the values.
void wipe_json(nlohmann::json& document) {
  if (document.is_string()) {
    wipe(document.get_ref<std::string&>());
  } else if (document.is_structured()) {
    for (auto& element : document)
      wipe_json(element);
  }
}

// One store file, read and checked. Holds the values while it lives and wipes them when it goes.
class DropFile {
 public:
  DropFile(const SecretStore& store, std::string_view id) : id_(id) {
    check_id(id);
    const auto file = store.file_of(id);
    std::error_code error;
    if (!std::filesystem::exists(store.directory(), error)) not_found(store);
    if (std::string problem = private_directory_problem(store.directory()); !problem.empty()) {
      fail(Kind::unsafe, "refusing to read the Secret Drop store: " + problem);
    }
    PrivateFile read = read_private_file(file, kMaxFileBytes, SymlinkPolicy::refuse);
    switch (read.status) {
      case PrivateFile::Status::ok:
        break;
      case PrivateFile::Status::missing:
        not_found(store);
      case PrivateFile::Status::unsafe:
        fail(Kind::unsafe, "refusing to read a Secret Drop file: " + read.problem);
      case PrivateFile::Status::failed:
        fail(Kind::io, read.problem);
    }
    // A parse error is never shown: the bytes around it may be a value. Discarded on any error.
    document_ = parse_untrusted_json(read.content).value;
    wipe(read.content);
    check_shape(file);
  }
  ~DropFile() { wipe_json(document_); }
  DropFile(const DropFile&) = delete;
  DropFile& operator=(const DropFile&) = delete;

  [[nodiscard]] DropSummary summary() const {
    DropSummary summary{
        id_, document_["label"].get<std::string>(), document_["created_at"].get<std::string>(), {}};
    for (const auto& [name, value] : document_["fields"].items())
      summary.field_names.push_back(name);
    return summary;
  }

  [[nodiscard]] Secret value(std::string_view field) const {
    const auto& fields = document_["fields"];
    if (field.empty()) {
      if (fields.size() != 1) {
        fail(Kind::invalid, fmt::format("drop {} has {} fields ({}); name the one you want", id_,
                                        fields.size(), fmt::join(summary().field_names, ", ")));
      }
      return Secret(fields.begin()->get<std::string>());
    }
    const auto found = fields.find(std::string(field));
    if (found == fields.end()) {
      fail(Kind::not_found,
           fmt::format("drop {} has no field {}; its fields are: {}", id_,
                       is_field_name(field) ? fmt::format("'{}'", field) : "by that name",
                       fmt::join(summary().field_names, ", ")));
    }
    return Secret(found->get<std::string>());
  }

 private:
  [[noreturn]] void not_found(const SecretStore& store) const {
    fail(Kind::not_found,
         fmt::format("no drop {} in the Secret Drop store at {}; run `test-as-self secret list` "
                     "to see the stored drops",
                     id_, store.directory().string()));
  }

  void check_shape(const std::filesystem::path& file) const {
    const auto& d = document_;
    const bool shaped = d.is_object() && d.contains("id") && d["id"].is_string() &&
                        d.contains("label") && d["label"].is_string() && d.contains("created_at") &&
                        d["created_at"].is_string() && d.contains("fields") &&
                        d["fields"].is_object() && !d["fields"].empty() &&
                        std::all_of(d["fields"].begin(), d["fields"].end(),
                                    [](const nlohmann::json& value) { return value.is_string(); });
    if (!shaped) {
      fail(Kind::broken,
           fmt::format("{} is not a Secret Drop file (expected a JSON object with \"id\", "
                       "\"label\", \"created_at\" and \"fields\" of strings); remove it with "
                       "`test-as-self secret rm {}` or look at it yourself",
                       file.string(), id_));
    }
    if (d["id"].get_ref<const std::string&>() != id_) {
      fail(Kind::broken, fmt::format("{} names another drop inside; it was renamed by hand? "
                                     "Rename it back, or remove it",
                                     file.string()));
    }
  }

  std::string id_;
  nlohmann::json document_;
};

}  // namespace

DropFields value_field(Secret value) {
  DropFields fields;
  fields.emplace(std::string(kValueField), std::move(value));
  return fields;
}

void check_label(std::string_view label) {
  if (label.empty())
    fail(Kind::invalid, "a drop needs a label (what the secret is); none was given");
  if (label.size() > kMaxLabelBytes) {
    fail(Kind::invalid,
         fmt::format("a label is at most {} bytes; this one is {}", kMaxLabelBytes, label.size()));
  }
  if (std::any_of(label.begin(), label.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    fail(Kind::invalid, "a label may not contain control characters (it is shown on terminals)");
  }
  if (!detail::is_valid_utf8(label)) fail(Kind::invalid, "a label must be UTF-8 text");
  if (const auto shape = find_secret_shape(label)) {
    fail(Kind::invalid,
         fmt::format("the label contains what looks like a {}; labels are listed in the clear, "
                     "so describe the secret instead of including it",
                     shape->kind));
  }
}

std::filesystem::path default_store_directory() {
  return state_directory() / "secret-drop";
}

SecretStore::SecretStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

std::filesystem::path SecretStore::file_of(std::string_view id) const {
  check_id(id);
  return directory_ / (std::string(id) + ".json");
}

std::string SecretStore::put(std::string_view label, const DropFields& fields) {
  std::string id = new_drop_id();
  write_drop(id, label, fields);
  return id;
}

void SecretStore::put_with_id(std::string_view id, std::string_view label,
                              const DropFields& fields) {
  write_drop(id, label, fields);
}

void SecretStore::write_drop(std::string_view id, std::string_view label,
                             const DropFields& fields) {
  check_id(id);
  check_label(label);
  check_fields(fields);
  ensure_directory();
  const auto file = file_of(id);
  std::error_code error;
  // IDs are used once. (A fresh ID from put() cannot be taken; one from a form link could only be
  // if the same link were submitted twice, which the server prevents.)
  if (std::filesystem::exists(std::filesystem::symlink_status(file, error))) {
    fail(Kind::invalid, fmt::format("drop {} is already stored in {}; an ID is used once", id,
                                    directory_.string()));
  }
  nlohmann::json document = {{"id", std::string(id)},
                             {"label", std::string(label)},
                             {"created_at", iso8601_utc(std::chrono::system_clock::now())},
                             {"fields", nlohmann::json::object()}};
  for (const auto& [name, value] : fields)
    document["fields"][name] = std::string(value.reveal());
  std::string text = document.dump(2);
  wipe_json(document);
  try {
    // A value handed over once, often by a person or a CI job that will not hand it over again.
    write_file_atomically(file, text,
                          std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                          Durability::power_safe);
  } catch (const std::system_error& failure) {
    wipe(text);
    fail(Kind::io, fmt::format("could not store drop {}: {}", id, failure.what()));
  }
  wipe(text);
}

void SecretStore::ensure_directory() const {
  std::error_code error;
  if (!std::filesystem::exists(directory_, error)) {
    if (directory_.has_parent_path())
      std::filesystem::create_directories(directory_.parent_path(), error);
    if (::mkdir(directory_.c_str(), 0700) == 0) {
      // The umask may have narrowed the mode; the store is exactly 0700.
      ::chmod(directory_.c_str(), 0700);
    } else if (errno != EEXIST) {
      fail(Kind::io, fmt::format("cannot create the Secret Drop store {}: {}", directory_.string(),
                                 std::strerror(errno)));
    }
  }
  if (std::string problem = private_directory_problem(directory_); !problem.empty()) {
    fail(Kind::unsafe, "refusing to write into the Secret Drop store: " + problem);
  }
}

Secret SecretStore::get(std::string_view id, std::string_view field) const {
  return DropFile(*this, id).value(field);
}

DropSummary SecretStore::describe(std::string_view id) const {
  return DropFile(*this, id).summary();
}

std::vector<DropSummary> SecretStore::list() const {
  std::vector<DropSummary> drops;
  std::error_code error;
  if (!std::filesystem::exists(directory_, error)) return drops;
  if (std::string problem = private_directory_problem(directory_); !problem.empty()) {
    fail(Kind::unsafe, "refusing to read the Secret Drop store: " + problem);
  }
  std::filesystem::directory_iterator entries(directory_, error);
  if (error) {
    fail(Kind::io, fmt::format("cannot list the Secret Drop store {}: {}", directory_.string(),
                               error.message()));
  }
  for (const auto& entry : entries) {
    const auto name = entry.path().filename();
    // Temporary files of a write in progress start with '.', and anything else is not ours.
    if (name.extension() != ".json" || !is_drop_id(name.stem().string())) continue;
    try {
      drops.push_back(describe(name.stem().string()));
    } catch (const SecretStoreError& failure) {
      // Removed between the listing and the reading: it is simply not there any more.
      if (failure.kind() != Kind::not_found) throw;
    }
  }
  std::sort(drops.begin(), drops.end(), [](const DropSummary& a, const DropSummary& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return drops;
}

bool SecretStore::remove(std::string_view id) {
  const auto file = file_of(id);
  if (::unlink(file.c_str()) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  fail(Kind::io,
       fmt::format("cannot remove drop {} ({}): {}", id, file.string(), std::strerror(errno)));
}

}  // namespace tas::secret_drop
