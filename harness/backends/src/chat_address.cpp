#include <tas/backends/user_driver.hpp>

namespace tas {

nlohmann::json ChatAddress::to_json() const {
  return {{"chat_id", chat_id},
          {"topic_id", topic_id ? nlohmann::json(*topic_id) : nlohmann::json(nullptr)}};
}

}  // namespace tas
