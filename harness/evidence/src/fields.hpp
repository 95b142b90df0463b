#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/evidence/evidence_error.hpp>

// Reading evidence back key by key. nlohmann's own conversions take `true` for the number 1 and
// name neither the key nor where it sits; these are strict about types and throw EvidenceError
// naming the key as a pointer into the evidence. Every key a record writes is read back: a value
// that does not apply is written as null, never left out, so a missing key is always an error.
namespace tas::evidence_json {

void read_value(const nlohmann::json& value, bool& out);
void read_value(const nlohmann::json& value, int& out);
void read_value(const nlohmann::json& value, std::int64_t& out);
void read_value(const nlohmann::json& value, std::uint64_t& out);
void read_value(const nlohmann::json& value, std::string& out);
void read_value(const nlohmann::json& value, nlohmann::json& out);  // any JSON at all
template <class T>
void read_value(const nlohmann::json& value, std::optional<T>& out);
template <class T>
void read_value(const nlohmann::json& value, std::vector<T>& out);
template <class Record>
void read_value(const nlohmann::json& value, Record& out);

// Throws unless `value` is an object.
void require_object(const nlohmann::json& value);

// Reads `object[key]` into `out`; the key must be there (null is a value: for std::optional).
template <class T>
void read_field(const nlohmann::json& object, std::string_view key, T& out) {
  require_object(object);
  const auto found = object.find(std::string(key));
  if (found == object.end()) throw EvidenceError("/" + std::string(key), "is missing");
  try {
    read_value(*found, out);
  } catch (const EvidenceError& error) {
    throw error.within(key);
  }
}

template <class T>
void read_value(const nlohmann::json& value, std::optional<T>& out) {
  if (value.is_null()) {
    out.reset();
    return;
  }
  T present{};
  read_value(value, present);
  out = std::move(present);
}

template <class T>
void read_value(const nlohmann::json& value, std::vector<T>& out) {
  if (!value.is_array()) {
    throw EvidenceError("", "is " + std::string(value.type_name()) + ", expected an array");
  }
  out.clear();
  for (std::size_t i = 0; i < value.size(); ++i) {
    T element{};
    try {
      read_value(value[i], element);
    } catch (const EvidenceError& error) {
      throw error.within(std::to_string(i));
    }
    out.push_back(std::move(element));
  }
}

// A record of its own: an object, read by the from_json beside its type.
template <class Record>
void read_value(const nlohmann::json& value, Record& out) {
  require_object(value);
  from_json(value, out);
}

// How an optional value is written: the value, or null when there is none.
template <class T>
nlohmann::json nullable(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace tas::evidence_json
