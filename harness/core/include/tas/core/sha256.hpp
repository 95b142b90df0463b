#pragma once

#include <string>
#include <string_view>

namespace tas {

// Lowercase hex SHA-256 of the bytes of `data`. This is the form the poll-ownership lease stores
// (docs/agent-contract.md), so the harness, the verifier and the reference agent all go through
// this one function.
std::string sha256_hex(std::string_view data);

}  // namespace tas
