#include <tas/fake/embedded_telegram.hpp>

namespace tas::fake {
namespace {

class AdoptingSecretSource final : public SecretSource {
 public:
  AdoptingSecretSource(std::shared_ptr<SecretSource> inner,
                       std::shared_ptr<EmbeddedTelegram> telegram)
      : inner_(std::move(inner)), telegram_(std::move(telegram)) {}

  Secret retrieve(std::string_view drop_id) override { return adopted(inner_->retrieve(drop_id)); }
  Secret request(std::string_view title, const Deadline& deadline,
                 ProgressSink& progress) override {
    return adopted(inner_->request(title, deadline, progress));
  }
  [[nodiscard]] std::string describe() const override {
    return inner_->describe() + " (the token becomes the embedded fake Telegram's bot)";
  }

 private:
  Secret adopted(Secret token) {
    if (!token.empty()) telegram_->adopt_bot(token);
    return token;
  }

  std::shared_ptr<SecretSource> inner_;
  std::shared_ptr<EmbeddedTelegram> telegram_;
};

}  // namespace

std::shared_ptr<SecretSource> adopting(std::shared_ptr<SecretSource> inner,
                                       std::shared_ptr<EmbeddedTelegram> telegram) {
  return std::make_shared<AdoptingSecretSource>(std::move(inner), std::move(telegram));
}

}  // namespace tas::fake
