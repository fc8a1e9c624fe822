#pragma once
// A bucket's lifecycle configuration: parsed and validated as S3 validates
// PutBucketLifecycleConfiguration, written back as GetBucketLifecycleConfiguration answers,
// and the questions the lifecycle sweep asks of it (does a rule apply to an object, when is
// the object due).
//
// When S3 acts: an Expiration's Days count from the object's creation and the result is
// rounded up to the next midnight UTC; a Date is itself midnight UTC; an
// AbortIncompleteMultipartUpload's DaysAfterInitiation counts from the upload's initiation,
// rounded the same way. So everything a configuration does becomes due at some midnight UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3/object_record.h"

namespace bunker::s3 {

struct LifecycleFilter {
  enum class Form { kLegacyPrefix, kPrefix, kTag, kSizeGreater, kSizeLess, kAnd, kEmpty };
  Form form = Form::kEmpty;  // how the rule named its objects, kept to write it back alike
  std::string prefix;
  Pairs tags;
  std::optional<int64_t> size_greater_than;
  std::optional<int64_t> size_less_than;
};

struct LifecycleTransition {
  std::optional<int64_t> days;
  std::string date;  // as given (ISO 8601, midnight UTC)
  std::string storage_class;
};

struct NoncurrentTransition {
  std::optional<int64_t> days;
  std::string storage_class;
  std::optional<int64_t> newer_versions;
};

struct LifecycleRule {
  std::string id;
  bool enabled = false;
  LifecycleFilter filter;
  // Expiration
  bool has_expiration = false;
  std::optional<int64_t> expiration_days;
  std::string expiration_date;    // as given
  int64_t expiration_date_ms = 0;  // when expiration_date is set
  std::optional<bool> expired_object_delete_marker;
  std::vector<LifecycleTransition> transitions;
  std::vector<NoncurrentTransition> noncurrent_transitions;
  bool has_noncurrent_expiration = false;
  std::optional<int64_t> noncurrent_days;
  std::optional<int64_t> newer_noncurrent_versions;
  std::optional<int64_t> abort_after_days;

  bool has_tag_filter() const { return !filter.tags.empty(); }
};

struct LifecycleConfiguration {
  std::vector<LifecycleRule> rules;
  // x-amz-transition-default-minimum-object-size (transitions are stored, not applied).
  std::string transition_default_minimum_object_size = "all_storage_classes_128K";
};

// PutBucketLifecycleConfiguration's body; throws S3's errors (MalformedXML, InvalidArgument,
// InvalidRequest). Rules without an ID get one, as S3 gives them.
LifecycleConfiguration parse_lifecycle(std::string_view xml);
// The LifecycleConfiguration document GetBucketLifecycleConfiguration answers.
std::string render_lifecycle(const LifecycleConfiguration& config);

// Whether the rule's filter takes this object (tags: the object's tag set).
bool rule_applies(const LifecycleRule& rule, std::string_view key, uint64_t size, const Pairs& tags);
// When the rule expires an object created at `created_ms` (nullopt: it does not expire it).
std::optional<int64_t> expiry_ms(const LifecycleRule& rule, int64_t created_ms);
// When the rule aborts an upload initiated at `initiated_ms` under `key`.
std::optional<int64_t> abort_ms(const LifecycleRule& rule, std::string_view key, int64_t initiated_ms);
// The midnight UTC that ends the day of `ms`.
int64_t next_midnight_ms(int64_t ms);

}  // namespace bunker::s3
