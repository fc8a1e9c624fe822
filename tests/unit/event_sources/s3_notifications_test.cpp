// S3 notification configurations (parsing, S3's validation, rendering) and event matching.
#include <gtest/gtest.h>

#include "bunker/core/aws_error.h"
#include "event_sources/s3_notifications.h"

using namespace bunker::event_sources;

namespace {

std::string code_of(const char* xml) {
  try {
    parse_notification_configuration(xml);
  } catch (const bunker::AwsError& e) {
    return e.code() + ": " + e.message();
  }
  return "(no error)";
}

TEST(S3Notifications, ParsesRendersAndMatches) {
  auto t = parse_notification_configuration(R"(<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
      <CloudFunctionConfiguration><Id>c</Id><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:f</CloudFunction>
      <Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name><Value>in/</Value></FilterRule>
      <FilterRule><Name>suffix</Name><Value>.png</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration>
      </NotificationConfiguration>)");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_TRUE(covers(t[0], "ObjectCreated:Put", "in/a.png"));
  EXPECT_TRUE(covers(t[0], "ObjectCreated:CompleteMultipartUpload", "in/b.png"));
  EXPECT_FALSE(covers(t[0], "ObjectCreated:Put", "out/a.png"));
  EXPECT_FALSE(covers(t[0], "ObjectCreated:Put", "in/a.jpg"));
  EXPECT_FALSE(covers(t[0], "ObjectRemoved:Delete", "in/a.png"));
  std::string xml = render_notification_configuration(t);
  EXPECT_NE(xml.find("<CloudFunctionConfiguration><Id>c</Id><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:f"
                     "</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>Prefix</Name>"),
            std::string::npos);
  EXPECT_EQ(parse_notification_configuration(xml).size(), 1u);
}

TEST(S3Notifications, Validation) {
  EXPECT_EQ(code_of("<nope/>").substr(0, 12), "MalformedXML");
  EXPECT_EQ(code_of("<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>a</CloudFunction>"
                    "<Event>s3:Nothing</Event></CloudFunctionConfiguration></NotificationConfiguration>"),
            "InvalidArgument: The event is not supported for notifications");
  EXPECT_EQ(code_of("<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>a</CloudFunction>"
                    "<Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>middle</Name><Value>x</Value>"
                    "</FilterRule></S3Key></Filter></CloudFunctionConfiguration></NotificationConfiguration>"),
            "InvalidArgument: FilterRule name must be either prefix or suffix");
  // Same event type, disjoint prefixes: allowed; overlapping: refused.
  EXPECT_EQ(code_of("<NotificationConfiguration>"
                    "<CloudFunctionConfiguration><CloudFunction>a</CloudFunction><Event>s3:ObjectCreated:*</Event>"
                    "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>a/</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration>"
                    "<CloudFunctionConfiguration><CloudFunction>b</CloudFunction><Event>s3:ObjectCreated:Put</Event>"
                    "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>b/</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration>"
                    "</NotificationConfiguration>"),
            "(no error)");
  EXPECT_EQ(code_of("<NotificationConfiguration>"
                    "<CloudFunctionConfiguration><CloudFunction>a</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration>"
                    "<CloudFunctionConfiguration><CloudFunction>b</CloudFunction><Event>s3:ObjectCreated:Put</Event>"
                    "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>b/</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration>"
                    "</NotificationConfiguration>"),
            "InvalidArgument: Configurations overlap. Configurations on the same bucket cannot share a common event type.");
}

TEST(S3Notifications, EventRecord) {
  bunker::s3::ObjectEvent e;
  e.event_name = "ObjectRemoved:Delete";
  e.bucket = "b";
  e.key = "dir/red flower.jpg";
  e.region = "us-east-1";
  e.time_ms = 0;
  auto r = s3_event_record(e, "cfg", "0000000000000001");
  EXPECT_EQ(r["eventTime"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(r["s3"]["object"].dump(), R"({"key":"dir/red+flower.jpg","sequencer":"0000000000000001"})");
  EXPECT_EQ(r["s3"]["bucket"]["arn"], "arn:aws:s3:::b");
}

}  // namespace
