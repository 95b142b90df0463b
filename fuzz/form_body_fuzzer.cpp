// The Secret Drop form's body (application/x-www-form-urlencoded), as the drop server decodes it.
#include "form_body.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = tas::fuzz::as_text(data, size);
  const auto form = tas::secret_drop::detail::FormBody::parse(body);
  if (!form) return 0;
  for (const char* name : {"csrf", "value", "token"}) {
    const std::string* value = form->find(name);
    if ((value != nullptr) != (form->count(name) > 0)) tas::fuzz::broken("find and count disagree");
    if (value != nullptr && value->size() > body.size())
      tas::fuzz::broken("a decoded value longer than the body");
  }
  return 0;
}
