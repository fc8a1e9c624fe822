// Code packages: unpacking keeps files and their execute bits, and refuses any entry
// that would land outside the code folder.
#include "runtime/zip_archive.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using bunker::runtime::extract_zip;
using bunker::runtime::inspect_zip;
using bunker::runtime::ZipError;

namespace {

struct Entry {
  std::string name;
  std::string content;
  mode_t mode = S_IFREG | 0644;
};

// Builds a zip in memory with libzip, Unix modes in the external attributes.
std::string make_zip(const std::vector<Entry>& entries) {
  const fs::path path = fs::temp_directory_path() / ("bunker-zip-" + std::to_string(std::random_device{}()) + ".zip");
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(z, nullptr);
  for (const auto& e : entries) {
    zip_source_t* src = zip_source_buffer(z, e.content.data(), e.content.size(), 0);
    zip_int64_t index = zip_file_add(z, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0) << e.name;
    zip_file_set_external_attributes(z, index, 0, ZIP_OPSYS_UNIX, static_cast<zip_uint32_t>(e.mode) << 16);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(path);
  return data;
}

class ZipArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bunker-unzip-" + std::to_string(std::random_device{}()));
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_F(ZipArchiveTest, ExtractsFilesFoldersAndExecuteBits) {
  std::string zip = make_zip({{"index.js", "exports.handler = 1;"},
                              {"lib/util.js", "module.exports = 2;"},
                              {"bootstrap", "#!/bin/sh\necho hi\n", S_IFREG | 0755},
                              {"./dot/file.txt", "x"}});
  auto summary = inspect_zip(zip);
  EXPECT_EQ(summary.entries, 4u);
  EXPECT_EQ(summary.uncompressed_bytes, 20u + 19u + 18u + 1u);
  extract_zip(zip, dir_);
  EXPECT_EQ(read(dir_ / "index.js"), "exports.handler = 1;");
  EXPECT_EQ(read(dir_ / "lib" / "util.js"), "module.exports = 2;");
  EXPECT_EQ(read(dir_ / "dot" / "file.txt"), "x");
  struct stat st;
  ASSERT_EQ(::stat((dir_ / "bootstrap").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  ASSERT_EQ(::stat((dir_ / "index.js").c_str(), &st), 0);
  EXPECT_FALSE(st.st_mode & S_IXUSR);
  EXPECT_TRUE(st.st_mode & S_IROTH);  // workers may run as another user
}

TEST_F(ZipArchiveTest, RejectsEntriesThatEscapeBeforeWritingAnything) {
  for (const char* name : {"../evil.js", "a/../../evil.js", "/etc/evil", "a\\..\\evil"}) {
    std::string zip = make_zip({{"fine.js", "ok"}, {name, "evil"}});
    EXPECT_THROW(extract_zip(zip, dir_), ZipError) << name;
    EXPECT_FALSE(fs::exists(dir_ / "fine.js")) << name;
  }
}

TEST_F(ZipArchiveTest, SymbolicLinksMustStayInside) {
  std::string inside = make_zip({{"real.txt", "data"}, {"sub/link", "../real.txt", S_IFLNK | 0777}});
  extract_zip(inside, dir_);
  EXPECT_TRUE(fs::is_symlink(dir_ / "sub" / "link"));
  EXPECT_EQ(read(dir_ / "sub" / "link"), "data");

  fs::remove_all(dir_);
  std::string outside = make_zip({{"link", "../../etc/passwd", S_IFLNK | 0777}});
  EXPECT_THROW(extract_zip(outside, dir_), ZipError);
  std::string absolute = make_zip({{"link", "/etc/passwd", S_IFLNK | 0777}});
  EXPECT_THROW(extract_zip(absolute, dir_), ZipError);
}

TEST_F(ZipArchiveTest, NotAZip) {
  EXPECT_THROW(inspect_zip("this is not a zip archive"), ZipError);
  EXPECT_THROW(extract_zip("PK\x03\x04 broken", dir_), ZipError);
}
