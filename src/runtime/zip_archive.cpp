#include "runtime/zip_archive.h"

#include <sys/stat.h>
#include <zip.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace bunker::runtime {
namespace {

struct ArchiveCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

Archive open_archive(std::string_view data) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(data.data(), data.size(), 0, &error);
  if (!source) throw ZipError("cannot read the archive");
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    zip_source_free(source);
    zip_error_fini(&error);
    throw ZipError("not a zip archive");
  }
  return Archive(archive);
}

// The entry's path relative to the extraction root, with "." parts dropped; empty for
// the root itself. Throws when the name leaves the root.
std::filesystem::path safe_relative_path(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos)
    throw ZipError("entry " + std::string(name) + " is outside the code directory");
  std::filesystem::path out;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") throw ZipError("entry " + std::string(name) + " is outside the code directory");
    if (!part.empty() && part != ".") out /= std::string(part);
    start = end + 1;
  }
  return out;
}

// A symbolic link stays inside when its target, resolved lexically from the link's own
// folder, does not climb above the root.
bool link_stays_inside(const std::filesystem::path& link_rel, std::string_view target) {
  if (target.empty() || target.front() == '/') return false;
  int depth = 0;
  for (const auto& part : link_rel.parent_path()) {
    (void)part;
    ++depth;
  }
  size_t start = 0;
  while (start <= target.size()) {
    size_t end = target.find('/', start);
    if (end == std::string_view::npos) end = target.size();
    std::string_view part = target.substr(start, end - start);
    if (part == "..") {
      if (--depth < 0) return false;
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    start = end + 1;
  }
  return true;
}

struct Entry {
  zip_uint64_t index;
  std::filesystem::path rel;
  bool directory = false;
  bool symlink = false;
  mode_t mode = 0;
};

std::string read_entry(zip_t* archive, zip_uint64_t index, zip_uint64_t size) {
  zip_file_t* file = zip_fopen_index(archive, index, 0);
  if (!file) throw ZipError("cannot read an entry of the archive");
  std::string data(size, '\0');
  zip_int64_t got = size ? zip_fread(file, data.data(), size) : 0;
  zip_fclose(file);
  if (got < 0 || static_cast<zip_uint64_t>(got) != size) throw ZipError("cannot read an entry of the archive");
  return data;
}

}  // namespace

ZipSummary inspect_zip(std::string_view data) {
  Archive archive = open_archive(data);
  ZipSummary summary;
  zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    if (zip_stat_index(archive.get(), i, 0, &st) != 0) throw ZipError("cannot read an entry of the archive");
    if (st.valid & ZIP_STAT_SIZE) summary.uncompressed_bytes += st.size;
    ++summary.entries;
  }
  return summary;
}

void extract_zip(std::string_view data, const std::filesystem::path& dir) {
  Archive archive = open_archive(data);
  zip_int64_t count = zip_get_num_entries(archive.get(), 0);

  // Check every name first, so a hostile archive writes nothing at all.
  std::vector<Entry> entries;
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw = zip_get_name(archive.get(), i, ZIP_FL_ENC_GUESS);
    if (!raw) throw ZipError("cannot read an entry of the archive");
    std::string_view name(raw);
    Entry e{static_cast<zip_uint64_t>(i), safe_relative_path(name)};
    e.directory = name.ends_with('/');
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(archive.get(), i, 0, &opsys, &attributes) == 0 && opsys == ZIP_OPSYS_UNIX)
      e.mode = static_cast<mode_t>(attributes >> 16);
    if (S_ISDIR(e.mode)) e.directory = true;
    e.symlink = S_ISLNK(e.mode);
    entries.push_back(std::move(e));
  }

  std::filesystem::create_directories(dir);
  for (const Entry& e : entries) {
    const auto target = dir / e.rel;
    if (e.rel.empty()) continue;
    if (e.directory) {
      std::filesystem::create_directories(target);
      continue;
    }
    std::filesystem::create_directories(target.parent_path());
    zip_stat_t st;
    if (zip_stat_index(archive.get(), e.index, 0, &st) != 0) throw ZipError("cannot read an entry of the archive");
    std::string content = read_entry(archive.get(), e.index, (st.valid & ZIP_STAT_SIZE) ? st.size : 0);
    if (e.symlink) {
      if (!link_stays_inside(e.rel, content))
        throw ZipError("entry " + e.rel.string() + " links outside the code directory");
      std::error_code ec;
      std::filesystem::remove(target, ec);
      std::filesystem::create_symlink(content, target);
      continue;
    }
    {
      std::ofstream out(target, std::ios::binary | std::ios::trunc);
      out.write(content.data(), static_cast<std::streamsize>(content.size()));
      if (!out) throw ZipError("cannot write " + target.string());
    }
    // Files are readable by everyone (workers may run as another user); the execute
    // bits come from the archive, as on AWS.
    mode_t mode = 0644 | ((e.mode & 0111) ? 0755 : 0);
    ::chmod(target.c_str(), mode);
  }
}

}  // namespace bunker::runtime
