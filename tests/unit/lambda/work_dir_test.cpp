#include "lambda/work_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace bunker::lambda {
namespace {
namespace fs = std::filesystem;

class WorkDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "work-dir-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(WorkDirTest, NamedAfterTheOwnerAndKeptWhileItRuns) {
  const fs::path mine = make_work_dir(root_);
  const std::string name = mine.filename().string();
  EXPECT_TRUE(name.starts_with("bunker-lambda-"));
  EXPECT_NE(name.find("-" + std::to_string(::getpid()) + "-"), std::string::npos);
  EXPECT_EQ(sweep_orphaned_work_dirs(root_), 0u);
  EXPECT_TRUE(fs::is_directory(mine));
}

TEST_F(WorkDirTest, RemovesFoldersWhoseOwnerIsGoneOnly) {
  const fs::path mine = make_work_dir(root_);
  // bunker-lambda-<ns>-<pid>-<start>-XXXXXX: the same pid with another start time is
  // another (gone) process that had this pid.
  const std::string name = mine.filename().string();
  const auto start_dash = name.rfind('-', name.size() - 8);
  const std::string head = name.substr(0, start_dash + 1);  // up to and with "<pid>-"
  const std::string start = name.substr(start_dash + 1, name.size() - 7 - start_dash - 1);
  const fs::path gone = root_ / (head + std::to_string(std::stoull(start) + 1) + "-abc123");
  fs::create_directories(gone / "workers" / "w1");
  std::ofstream(gone / "workers" / "w1" / "file") << "x";
  // Another pid namespace's folder, an older server's name, a symlink: not ours to judge.
  const fs::path other_namespace = root_ / "bunker-lambda-1-1-1-abc123";
  const fs::path old_style = root_ / "bunker-lambda-abc123";
  const fs::path link = root_ / (head + "0-zzzzzz");
  fs::create_directories(other_namespace);
  fs::create_directories(old_style);
  fs::create_directory_symlink(root_ / "bunker-lambda-abc123", link);

  EXPECT_EQ(sweep_orphaned_work_dirs(root_), 1u);
  EXPECT_FALSE(fs::exists(gone));
  EXPECT_TRUE(fs::is_directory(mine));
  EXPECT_TRUE(fs::is_directory(other_namespace));
  EXPECT_TRUE(fs::is_directory(old_style));
  EXPECT_TRUE(fs::is_symlink(link));
}

}  // namespace
}  // namespace bunker::lambda
