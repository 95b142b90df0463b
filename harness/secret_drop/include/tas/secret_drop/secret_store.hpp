#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tas/core/secret.hpp>
#include <tas/secret_drop/secret_store_error.hpp>

namespace tas::secret_drop {

// Every value is capped at 10 KB (docs/secret-drop.md, 'The store').
inline constexpr std::size_t kMaxValueBytes = 10 * 1024;
// The field a one-time form (and `test-as-self secret put`) stores its value under.
inline constexpr std::string_view kValueField = "value";
// Labels are listed in the clear, so they are kept short and printable.
inline constexpr std::size_t kMaxLabelBytes = 200;

// The named values of one drop. Usually a single field, "value".
using DropFields = std::map<std::string, Secret, std::less<>>;

// One field "value" holding `value`.
[[nodiscard]] DropFields value_field(Secret value);

// What may be shown about a drop: never a value.
struct DropSummary {
  std::string id;
  std::string label;
  std::string created_at;  // ISO 8601, UTC, e.g. "2026-11-23T10:05:03.123Z"
  std::vector<std::string> field_names;
};

// Throws SecretStoreError (Kind::invalid) naming what is wrong with `label`: empty, longer than
// kMaxLabelBytes, a control character, or a raw secret shape (a label is listed in the clear).
void check_label(std::string_view label);

// Where the store lives unless told otherwise: <state directory>/secret-drop
// (state_directory.hpp). Throws std::runtime_error when no state directory can be placed.
[[nodiscard]] std::filesystem::path default_store_directory();

// The Secret Drop store (docs/secret-drop.md, 'The store'): values the user handed over, kept under
// their drop IDs until deleted, readable by the user alone — like ~/.ssh, protected by file modes,
// not by encryption.
//
//   <directory>/                 mode 0700, owned by the user
//     drop-<32 hex>.json         mode 0600, one per drop, written atomically:
//       {"id": "drop-…", "label": "CI bot token", "created_at": "2026-11-23T10:05:03.123Z",
//        "fields": {"value": "<the value, in plain text>"}}
//
// Reading is refused — with an error that names the file, the mode it has and the chmod that
// fixes it — when the directory or the file grants anything to group or others, is owned by
// someone else, or (the file) is a symbolic link. A value is never part of any error.
//
// The directory is created (with its parents) on the first write; reading a store that does not
// exist yet finds no drops. A SecretStore is a small value (its directory); it keeps no state in
// memory, so copies and other processes see the same drops, and it is safe to use from several
// threads at once.
class SecretStore {
 public:
  explicit SecretStore(std::filesystem::path directory);

  [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }
  // The file that holds drop `id` (whether or not it exists). `id` must be valid (is_drop_id).
  [[nodiscard]] std::filesystem::path file_of(std::string_view id) const;

  // Stores `fields` under a new ID and returns it. Each value must be non-blank UTF-8 text of at
  // most kMaxValueBytes; field names are 1–64 of [A-Za-z0-9_.-]. Throws SecretStoreError.
  std::string put(std::string_view label, const DropFields& fields);
  // The same under a given ID (the one-time form's ID becomes the drop's); refuses an ID that is
  // already stored.
  void put_with_id(std::string_view id, std::string_view label, const DropFields& fields);

  // The value of `field` in drop `id`; with an empty `field`, the drop's only field (an error
  // when it has several: it names them). Throws SecretStoreError: unknown ID (suggesting
  // `test-as-self secret list`), unknown field, unsafe modes, a broken file.
  [[nodiscard]] Secret get(std::string_view id, std::string_view field = {}) const;

  // What may be shown of one drop, or of all (oldest first). Reading a drop's summary still reads
  // its file, so the same refusals apply.
  [[nodiscard]] DropSummary describe(std::string_view id) const;
  [[nodiscard]] std::vector<DropSummary> list() const;

  // Deletes drop `id`: true when it existed. Throws SecretStoreError for a malformed ID or when
  // the file cannot be removed.
  bool remove(std::string_view id);

 private:
  void write_drop(std::string_view id, std::string_view label, const DropFields& fields);
  void ensure_directory() const;

  std::filesystem::path directory_;
};

}  // namespace tas::secret_drop
