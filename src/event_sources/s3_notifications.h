#pragma once
// S3 event notifications to Lambda (bunker/s3/notifications.h): bucket notification
// configurations (Lambda function configurations — CloudFunctionConfiguration on the
// wire — with events and prefix/suffix filters),
// validated as S3 validates them and kept in "event_sources.s3_notifications", and the
// S3 event records (eventVersion 2.1) sent to functions as asynchronous invocations.
#include <boost/asio/any_io_executor.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bunker/s3/notifications.h"
#include "bunker/service/engines.h"
#include "bunker/storage/database.h"

namespace bunker::event_sources {

struct NotificationTarget {
  std::string kind;  // "lambda" (the only kind Bunker delivers to) or "eventbridge"
  std::string id, arn;
  std::vector<std::string> events;  // "s3:ObjectCreated:*", …
  std::string prefix, suffix;
  bool has_prefix = false, has_suffix = false;
};

// Parses and validates a NotificationConfiguration document (S3's MalformedXML and
// InvalidArgument errors); destinations are not checked here.
std::vector<NotificationTarget> parse_notification_configuration(std::string_view xml);
std::string render_notification_configuration(const std::vector<NotificationTarget>& targets);
// Whether a configuration's event list covers an event ("ObjectCreated:Put").
bool covers(const NotificationTarget& t, std::string_view event_name, std::string_view key);
// The S3 event record a function receives.
nlohmann::ordered_json s3_event_record(const s3::ObjectEvent& e, const std::string& configuration_id,
                                       const std::string& sequencer);

class S3Notifications final : public s3::BucketNotifications {
 public:
  S3Notifications(storage::Database& db, boost::asio::any_io_executor executor, Engines& engines);

  std::string get_configuration(std::string_view bucket) override;
  boost::asio::awaitable<void> put_configuration(std::string bucket, std::string xml, std::string region,
                                                 std::string account) override;
  void object_event(const s3::ObjectEvent& event) override;
  void bucket_deleted(std::string_view bucket) override;
  void reset();

 private:
  std::vector<NotificationTarget> load(std::string_view bucket);

  storage::Database& db_;
  storage::ColumnFamily* family_;
  boost::asio::any_io_executor executor_;
  Engines& engines_;
  std::mutex mutex_;
  uint64_t sequence_ = 0;
};

}  // namespace bunker::event_sources
