#pragma once
// S3 bucket event notifications, served by the event-source module: S3 hands it the
// bucket's notification configuration (GET/PUT ?notification) and tells it about every
// object created or removed; it sends the matching events to their destinations. Find
// it with engines.find<s3::BucketNotifications>(); S3 works without it.
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace bunker::s3 {

struct ObjectEvent {
  std::string event_name;  // without the "s3:" prefix: "ObjectCreated:Put", "ObjectRemoved:Delete", …
  std::string bucket, key;
  uint64_t size = 0;         // created objects
  std::string etag;          // created objects, without quotes
  std::string region;        // the bucket's region
  std::string account;       // the bucket's account
  std::string bucket_owner;  // the bucket owner's id
  std::string principal;     // who made the request ("AWS:<access key>" or "Anonymous")
  std::string source_ip;
  std::string request_id, host_id;
  int64_t time_ms = 0;
};

class BucketNotifications {
 public:
  virtual ~BucketNotifications() = default;
  // GetBucketNotificationConfiguration: the XML document to answer with.
  virtual std::string get_configuration(std::string_view bucket) = 0;
  // PutBucketNotificationConfiguration: validates (destinations included) and stores the
  // configuration; throws AwsError with S3's codes (MalformedXML, InvalidArgument).
  virtual boost::asio::awaitable<void> put_configuration(std::string bucket, std::string xml, std::string region,
                                                         std::string account) = 0;
  // An object was created or removed: the matching configurations' destinations get it.
  virtual void object_event(const ObjectEvent& event) = 0;
  // The bucket was deleted: its configuration goes with it.
  virtual void bucket_deleted(std::string_view bucket) = 0;
};

}  // namespace bunker::s3
