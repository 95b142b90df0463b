// The Secret Drop store on real files (unit tier: no processes, no sockets).
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "files.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::secret_drop {
namespace {

using Kind = SecretStoreError::Kind;
using ::testing::HasSubstr;

// A value that must never show up in any message.
constexpr std::string_view kValue = "s3cr3t-v4lue-that-must-not-leak";

// The message of the SecretStoreError that `action` throws, checked to be of `kind` and to hold
// neither the value nor anything in `never`.
template <typename Action>
std::string error_of(Action&& action, Kind kind, std::vector<std::string> never = {}) {
  try {
    action();
  } catch (const SecretStoreError& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.kind(), kind) << message;
    EXPECT_EQ(message.find(kValue), std::string::npos) << message;
    for (const auto& text : never)
      EXPECT_EQ(message.find(text), std::string::npos) << message;
    return message;
  }
  ADD_FAILURE() << "expected a SecretStoreError";
  return {};
}

class SecretStoreTest : public ::testing::Test {
 protected:
  std::string put_value(std::string_view label = "bot token") {
    return store_.put(label, value_field(Secret(std::string(kValue))));
  }

  test::TempDir dir_{"tas-secret-store"};
  std::filesystem::path store_dir_ = dir_ / "state" / "secret-drop";
  SecretStore store_{store_dir_};
};

TEST_F(SecretStoreTest, FirstPutCreatesTheDirectory0700AndTheFile0600WhateverTheUmask) {
  EXPECT_FALSE(std::filesystem::exists(store_dir_));
  const mode_t old_umask = ::umask(0);
  const std::string id = put_value();
  ::umask(old_umask);
  EXPECT_EQ(test::mode_of(store_dir_), 0700u);
  EXPECT_EQ(test::mode_of(store_.file_of(id)), 0600u);
  EXPECT_EQ(store_.file_of(id), store_dir_ / (id + ".json"));
}

TEST_F(SecretStoreTest, FileHoldsIdLabelIsoDateAndFieldsAndNothingElse) {
  const std::string id = put_value();
  const auto document = test::read_json(store_.file_of(id));
  EXPECT_EQ(document.size(), 4u) << document.dump();
  EXPECT_EQ(document["id"], id);
  EXPECT_EQ(document["label"], "bot token");
  EXPECT_TRUE(std::regex_match(document["created_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << document["created_at"];
  EXPECT_EQ(document["fields"], nlohmann::json({{"value", kValue}}));
}

TEST_F(SecretStoreTest, PutThenGetReturnsTheValue) {
  const std::string id = put_value();
  EXPECT_TRUE(is_drop_id(id));
  EXPECT_EQ(store_.get(id).reveal(), kValue);
  EXPECT_EQ(store_.get(id, "value").reveal(), kValue);
}

TEST_F(SecretStoreTest, GetWithoutAFieldNamesTheFieldsWhenThereAreSeveral) {
  DropFields fields;
  fields.emplace("user", Secret("alice"));
  fields.emplace("password", Secret(std::string(kValue)));
  const std::string id = store_.put("login", fields);
  EXPECT_EQ(store_.get(id, "user").reveal(), "alice");
  EXPECT_EQ(store_.get(id, "password").reveal(), kValue);
  const std::string ambiguous = error_of([&] { (void)store_.get(id); }, Kind::invalid, {"alice"});
  EXPECT_THAT(ambiguous, HasSubstr("2 fields (password, user)"));
  const std::string unknown =
      error_of([&] { (void)store_.get(id, "token"); }, Kind::not_found, {"alice"});
  EXPECT_THAT(unknown, HasSubstr("no field 'token'"));
  EXPECT_THAT(unknown, HasSubstr("password, user"));
}

TEST_F(SecretStoreTest, DescribeAndListShowIdsLabelsDatesAndFieldNames) {
  const std::string first = put_value("first");
  DropFields fields;
  fields.emplace("a", Secret("alpha-value"));
  fields.emplace("b", Secret("beta-value"));
  const std::string second = store_.put("second", fields);

  const DropSummary one = store_.describe(first);
  EXPECT_EQ(one.id, first);
  EXPECT_EQ(one.label, "first");
  EXPECT_FALSE(one.created_at.empty());
  EXPECT_EQ(one.field_names, std::vector<std::string>{"value"});

  const auto all = store_.list();
  ASSERT_EQ(all.size(), 2u);
  std::set<std::string> ids{all[0].id, all[1].id};
  EXPECT_EQ(ids, (std::set<std::string>{first, second}));
  EXPECT_LE(all[0].created_at, all[1].created_at);  // oldest first
  for (const auto& drop : all) {
    if (drop.id == second) {
      EXPECT_EQ(drop.field_names, (std::vector<std::string>{"a", "b"}));
    }
  }
}

TEST_F(SecretStoreTest, ListOfAStoreThatDoesNotExistYetIsEmptyAndCreatesNothing) {
  EXPECT_TRUE(store_.list().empty());
  EXPECT_FALSE(std::filesystem::exists(store_dir_));
}

TEST_F(SecretStoreTest, ListSkipsFilesThatAreNotDrops) {
  const std::string id = put_value();
  std::ofstream(store_dir_ / "README") << "not a drop";
  std::ofstream(store_dir_ / ".drop-0123.json.4711.0.tmp") << "{";
  const auto all = store_.list();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, id);
}

TEST_F(SecretStoreTest, RemoveDeletesTheDropOnce) {
  const std::string id = put_value();
  EXPECT_TRUE(store_.remove(id));
  EXPECT_FALSE(std::filesystem::exists(store_.file_of(id)));
  EXPECT_FALSE(store_.remove(id));
  EXPECT_TRUE(store_.list().empty());
}

TEST_F(SecretStoreTest, UnknownIdSaysSoAndSuggestsSecretList) {
  put_value();
  const std::string missing = new_drop_id();
  const std::string message = error_of([&] { (void)store_.get(missing); }, Kind::not_found);
  EXPECT_THAT(message, HasSubstr(missing));
  EXPECT_THAT(message, HasSubstr("test-as-self secret list"));
  EXPECT_THAT(message, HasSubstr(store_dir_.string()));
  error_of([&] { (void)store_.describe(missing); }, Kind::not_found);
}

TEST_F(SecretStoreTest, UnknownIdInAStoreThatDoesNotExistIsNotFound) {
  error_of([&] { (void)store_.get(new_drop_id()); }, Kind::not_found);
}

TEST_F(SecretStoreTest, MalformedIdsAreRefusedWithoutBeingRepeated) {
  put_value();
  for (const std::string& bad :
       {std::string("../../etc/passwd"), std::string("drop-../../../../../../../etc/passwd"),
        std::string("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
        std::string("drop-0123456789ABCDEF0123456789ABCDEF"), std::string()}) {
    const std::vector<std::string> never =
        bad.empty() ? std::vector<std::string>{} : std::vector<std::string>{bad};
    error_of([&] { (void)store_.get(bad); }, Kind::invalid, never);
    error_of([&] { (void)store_.describe(bad); }, Kind::invalid, never);
    error_of([&] { (void)store_.remove(bad); }, Kind::invalid, never);
    error_of([&] { (void)store_.file_of(bad); }, Kind::invalid, never);
    error_of([&] { store_.put_with_id(bad, "x", value_field(Secret("v"))); }, Kind::invalid, never);
  }
}

TEST_F(SecretStoreTest, RefusesToReadAFileThatGroupOrOthersMayRead) {
  const std::string id = put_value();
  const auto file = store_.file_of(id);
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  for (const auto& message : {error_of([&] { (void)store_.get(id); }, Kind::unsafe),
                              error_of([&] { (void)store_.describe(id); }, Kind::unsafe),
                              error_of([&] { (void)store_.list(); }, Kind::unsafe)}) {
    EXPECT_THAT(message, HasSubstr(file.string()));
    EXPECT_THAT(message, HasSubstr("0644"));
    EXPECT_THAT(message, HasSubstr("chmod 600 " + file.string()));
  }
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  EXPECT_THAT(error_of([&] { (void)store_.get(id); }, Kind::unsafe), HasSubstr("0640"));
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  EXPECT_EQ(store_.get(id).reveal(), kValue);
}

TEST_F(SecretStoreTest, RefusesAStoreDirectoryThatGroupOrOthersMayEnter) {
  const std::string id = put_value();
  ASSERT_EQ(::chmod(store_dir_.c_str(), 0755), 0);
  const std::string message = error_of([&] { (void)store_.get(id); }, Kind::unsafe);
  EXPECT_THAT(message, HasSubstr(store_dir_.string()));
  EXPECT_THAT(message, HasSubstr("0755"));
  EXPECT_THAT(message, HasSubstr("chmod 700 " + store_dir_.string()));
  error_of([&] { (void)store_.list(); }, Kind::unsafe);
  // Nor is a new secret written into it.
  EXPECT_THAT(error_of([&] { put_value(); }, Kind::unsafe), HasSubstr("0755"));
  ASSERT_EQ(::chmod(store_dir_.c_str(), 0700), 0);
  EXPECT_EQ(store_.get(id).reveal(), kValue);
}

TEST_F(SecretStoreTest, RefusesASymbolicLinkInPlaceOfAStoreFile) {
  const std::string id = put_value();
  const auto file = store_.file_of(id);
  const auto elsewhere = dir_ / "elsewhere.json";
  std::filesystem::rename(file, elsewhere);
  std::filesystem::create_symlink(elsewhere, file);
  EXPECT_THAT(error_of([&] { (void)store_.get(id); }, Kind::unsafe), HasSubstr("symbolic link"));
}

TEST_F(SecretStoreTest, RefusesAFileOwnedBySomeoneElse) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file to another user here";
  const std::string id = put_value();
  const auto file = store_.file_of(id);
  ASSERT_EQ(::chown(file.c_str(), 65534, 65534), 0);
  const std::string message = error_of([&] { (void)store_.get(id); }, Kind::unsafe);
  EXPECT_THAT(message, HasSubstr(file.string()));
  EXPECT_THAT(message, HasSubstr("owned by uid 65534"));
}

TEST_F(SecretStoreTest, ABrokenFileIsReportedWithoutItsContent) {
  const std::string id = new_drop_id();
  std::filesystem::create_directories(store_dir_);
  std::filesystem::permissions(store_dir_, std::filesystem::perms::owner_all);
  const auto file = store_.file_of(id);
  { std::ofstream(file) << R"({"id": ")" << id << R"(", "fields": {"value": ")" << kValue; }
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_THAT(error_of([&] { (void)store_.get(id); }, Kind::broken),
              HasSubstr("is not a Secret Drop file"));
}

TEST_F(SecretStoreTest, ValuesAreCappedAt10KB) {
  const std::string at_limit(kMaxValueBytes, 'x');
  const std::string id = store_.put("big", value_field(Secret(at_limit)));
  EXPECT_EQ(store_.get(id).reveal(), at_limit);
  const std::string message = error_of(
      [&] { store_.put("too big", value_field(Secret(std::string(kMaxValueBytes + 1, 'y')))); },
      Kind::invalid, {std::string(64, 'y')});
  EXPECT_THAT(message, HasSubstr("10241 bytes"));
  EXPECT_THAT(message, HasSubstr("at most 10240"));
  EXPECT_EQ(store_.list().size(), 1u);
}

TEST_F(SecretStoreTest, BlankValuesAreRefused) {
  EXPECT_THAT(error_of([&] { store_.put("x", value_field(Secret(""))); }, Kind::invalid),
              HasSubstr("blank"));
  EXPECT_THAT(error_of([&] { store_.put("x", value_field(Secret(" \t\r\n "))); }, Kind::invalid),
              HasSubstr("only whitespace"));
  EXPECT_FALSE(std::filesystem::exists(store_dir_));
}

TEST_F(SecretStoreTest, ValuesMustBeUtf8Text) {
  EXPECT_THAT(error_of([&] { store_.put("x", value_field(Secret("ab\xff\xfe"))); }, Kind::invalid),
              HasSubstr("not UTF-8"));
  const std::string id = store_.put("x", value_field(Secret("p\xc3\xa4ss\xe2\x82\xac")));
  EXPECT_EQ(store_.get(id).reveal(), "p\xc3\xa4ss\xe2\x82\xac");
}

TEST_F(SecretStoreTest, LabelsMustBeShortPrintableAndNoSecret) {
  const auto label_error = [&](std::string label) {
    std::vector<std::string> never;
    if (!label.empty()) never.push_back(label);
    return error_of([&] { store_.put(label, value_field(Secret("v"))); }, Kind::invalid, never);
  };
  EXPECT_THAT(label_error(""), HasSubstr("needs a label"));
  EXPECT_THAT(label_error(std::string(kMaxLabelBytes + 1, 'l')), HasSubstr("at most 200"));
  EXPECT_THAT(label_error("bell\x07"), HasSubstr("control characters"));
  EXPECT_THAT(label_error("token 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
              HasSubstr("looks like a Telegram bot token"));
  EXPECT_FALSE(std::filesystem::exists(store_dir_));
}

TEST_F(SecretStoreTest, FieldNamesAreChecked) {
  DropFields fields;
  fields.emplace("../x", Secret("v"));
  error_of([&] { store_.put("x", fields); }, Kind::invalid, {"../x"});
  EXPECT_THAT(error_of([&] { store_.put("x", DropFields{}); }, Kind::invalid),
              HasSubstr("at least one field"));
}

TEST_F(SecretStoreTest, PutWithIdStoresUnderThatIdOnce) {
  const std::string id = new_drop_id();
  store_.put_with_id(id, "form", value_field(Secret(std::string(kValue))));
  EXPECT_EQ(store_.get(id).reveal(), kValue);
  EXPECT_THAT(error_of([&] { store_.put_with_id(id, "again", value_field(Secret("other"))); },
                       Kind::invalid),
              HasSubstr("already stored"));
  EXPECT_EQ(store_.get(id).reveal(), kValue);
}

TEST_F(SecretStoreTest, WritesLeaveNoTemporaryFilesBehind) {
  for (int i = 0; i < 5; ++i)
    put_value();
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(store_dir_)) {
    EXPECT_EQ(entry.path().extension(), ".json") << entry.path();
    EXPECT_FALSE(entry.path().filename().string().starts_with(".")) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 5u);
}

TEST_F(SecretStoreTest, ConcurrentPutsAndReadsSeeOnlyWholeDrops) {
  constexpr int kThreads = 6;
  constexpr int kPerThread = 20;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::atomic<bool> writing{true};
  std::atomic<int> reader_errors{0};
  put_value();  // the directory exists before the reader starts
  std::thread reader([&] {
    while (writing) {
      try {
        for (const auto& drop : store_.list())
          if (store_.get(drop.id).empty()) ++reader_errors;
      } catch (const SecretStoreError&) {
        ++reader_errors;  // a partly written file would be "broken"
      }
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        ids[t].push_back(store_.put("concurrent", value_field(Secret("value-" + std::to_string(t) +
                                                                     "-" + std::to_string(i)))));
      }
    });
  }
  for (auto& writer : writers)
    writer.join();
  writing = false;
  reader.join();
  EXPECT_EQ(reader_errors, 0);
  std::set<std::string> distinct;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string& id = ids[t][static_cast<std::size_t>(i)];
      distinct.insert(id);
      EXPECT_EQ(store_.get(id).reveal(), "value-" + std::to_string(t) + "-" + std::to_string(i));
      EXPECT_EQ(test::mode_of(store_.file_of(id)), 0600u);
    }
  }
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(store_.list().size(), static_cast<std::size_t>(kThreads * kPerThread + 1));
}

TEST(SecretStoreDefault, LivesInTheStateDirectory) {
  test::TempDir dir{"tas-secret-state"};
  ASSERT_EQ(::setenv("TEST_AS_SELF_STATE_DIR", dir.path().c_str(), 1), 0);
  EXPECT_EQ(default_store_directory(), dir.path() / "secret-drop");
  ::unsetenv("TEST_AS_SELF_STATE_DIR");
}

}  // namespace
}  // namespace tas::secret_drop
