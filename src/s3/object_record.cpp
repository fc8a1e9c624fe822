#include "s3/object_record.h"

namespace bunker::s3 {
namespace {

constexpr unsigned char kObjectFormat = 1;

class Writer {
 public:
  void u64(uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  void pairs(const Pairs& p) {
    u64(p.size());
    for (const auto& [k, v] : p) {
      str(k);
      str(v);
    }
  }
  std::string take() { return std::move(out_); }
  void grants(const Grants& g) {
    u64(g.size());
    for (const auto& x : g) {
      str(x.grantee_type);
      str(x.grantee);
      str(x.permission);
    }
  }
  void byte(unsigned char b) { out_ += static_cast<char>(b); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return in_.empty(); }
  uint64_t u64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return fail();
      auto b = static_cast<unsigned char>(in_.front());
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail();
  }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  std::string str() {
    uint64_t n = u64();
    if (!ok_ || n > in_.size()) return fail(), std::string();
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  Pairs pairs() {
    Pairs p;
    uint64_t n = u64();
    for (uint64_t i = 0; ok_ && i < n; ++i) {
      std::string k = str();
      std::string v = str();
      p.emplace_back(std::move(k), std::move(v));
    }
    return p;
  }
  unsigned char byte() {
    if (in_.empty()) return fail(), 0;
    auto b = static_cast<unsigned char>(in_.front());
    in_.remove_prefix(1);
    return b;
  }

 private:
  uint64_t fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }
  std::string_view in_;
  bool ok_ = true;
};

void write_object(Writer& w, const ObjectRecord& r) {
  w.byte(kObjectFormat);
  w.u64(r.size);
  w.str(r.etag);
  w.i64(r.last_modified_ms);
  w.str(r.storage_class);
  w.str(r.owner_id);
  w.str(r.checksum_algorithm);
  w.str(r.checksum_type);
  w.str(r.checksum_value);
  w.str(r.content_type);
  w.str(r.content_encoding);
  w.str(r.content_disposition);
  w.str(r.content_language);
  w.str(r.cache_control);
  w.str(r.expires);
  w.str(r.website_redirect);
  w.pairs(r.metadata);
  w.pairs(r.tags);
  w.u64(r.segments.size());
  for (const auto& s : r.segments) {
    w.u64(s.data_id);
    w.u64(s.size);
  }
  w.u64(r.parts.size());
  for (const auto& p : r.parts) {
    w.u64(p.size);
    w.str(p.checksum);
  }
  if (!r.acl.empty()) w.grants(r.acl);
}

bool read_object(Reader& in, ObjectRecord& r, bool listing_only) {
  if (in.byte() != kObjectFormat) return false;
  r.size = in.u64();
  r.etag = in.str();
  r.last_modified_ms = in.i64();
  r.storage_class = in.str();
  r.owner_id = in.str();
  r.checksum_algorithm = in.str();
  r.checksum_type = in.str();
  if (listing_only) return in.ok();
  r.checksum_value = in.str();
  r.content_type = in.str();
  r.content_encoding = in.str();
  r.content_disposition = in.str();
  r.content_language = in.str();
  r.cache_control = in.str();
  r.expires = in.str();
  r.website_redirect = in.str();
  r.metadata = in.pairs();
  r.tags = in.pairs();
  uint64_t n = in.u64();
  for (uint64_t i = 0; in.ok() && i < n; ++i) {
    Segment s;
    s.data_id = in.u64();
    s.size = in.u64();
    r.segments.push_back(s);
  }
  n = in.u64();
  for (uint64_t i = 0; in.ok() && i < n; ++i) {
    ObjectPart p;
    p.size = in.u64();
    p.checksum = in.str();
    r.parts.push_back(std::move(p));
  }
  if (in.ok() && !in.at_end()) {
    n = in.u64();
    for (uint64_t i = 0; in.ok() && i < n; ++i) {
      Grant g;
      g.grantee_type = in.str();
      g.grantee = in.str();
      g.permission = in.str();
      r.acl.push_back(std::move(g));
    }
  }
  return in.ok();
}

}  // namespace

std::string encode(const ObjectRecord& r) {
  Writer w;
  write_object(w, r);
  return w.take();
}

std::optional<ObjectRecord> decode_object(std::string_view bytes) {
  Reader in(bytes);
  ObjectRecord r;
  if (!read_object(in, r, false)) return std::nullopt;
  return r;
}

std::optional<ObjectRecord> decode_listing(std::string_view bytes) {
  ObjectRecord r;
  if (!decode_listing(bytes, r)) return std::nullopt;
  return r;
}

bool decode_listing(std::string_view bytes, ObjectRecord& out) {
  Reader in(bytes);
  return read_object(in, out, true);
}

std::string encode(const UploadRecord& r) {
  Writer w;
  w.str(r.bucket);
  w.str(r.key);
  w.str(r.upload_id);
  w.i64(r.initiated_ms);
  w.str(r.initiator_id);
  w.u64(r.checksum_declared ? 1 : 0);
  write_object(w, r.object);
  return w.take();
}

std::optional<UploadRecord> decode_upload(std::string_view bytes) {
  Reader in(bytes);
  UploadRecord r;
  r.bucket = in.str();
  r.key = in.str();
  r.upload_id = in.str();
  r.initiated_ms = in.i64();
  r.initiator_id = in.str();
  r.checksum_declared = in.u64() != 0;
  if (!read_object(in, r.object, false)) return std::nullopt;
  return r;
}

std::string encode(const PartRecord& r) {
  Writer w;
  w.u64(r.number);
  w.u64(r.size);
  w.str(r.etag);
  w.i64(r.last_modified_ms);
  w.u64(r.data.data_id);
  w.u64(r.data.size);
  w.str(r.checksum_algorithm);
  w.str(r.checksum_value);
  return w.take();
}

std::optional<PartRecord> decode_part(std::string_view bytes) {
  Reader in(bytes);
  PartRecord r;
  r.number = static_cast<uint32_t>(in.u64());
  r.size = in.u64();
  r.etag = in.str();
  r.last_modified_ms = in.i64();
  r.data.data_id = in.u64();
  r.data.size = in.u64();
  r.checksum_algorithm = in.str();
  r.checksum_value = in.str();
  if (!in.ok()) return std::nullopt;
  return r;
}

}  // namespace bunker::s3
