#pragma once
// Object headers both ways: what a PutObject / CreateMultipartUpload / CopyObject
// (REPLACE) request says about the object to be, and what GetObject / HeadObject answer.
#include <string_view>

#include "bunker/http/message.h"
#include "s3/data_store.h"
#include "s3/engine.h"
#include "s3/object_record.h"

namespace bunker::s3 {

// Content-*, Cache-Control, Expires, x-amz-meta-* (2 KB limit), x-amz-storage-class,
// x-amz-website-redirect-location, x-amz-tagging. Validates as S3 does.
void read_object_headers(const http::Headers& headers, ObjectRecord& record, bool with_tags = true);
void read_storage_class(const http::Headers& headers, ObjectRecord& record);

// Headers describing a stored object (no Content-Length / Content-Range).
void write_object_headers(const ObjectRecord& record, http::Headers& out);
// x-amz-checksum-<alg> and x-amz-checksum-type of the whole object.
void write_checksum_headers(const ObjectRecord& record, http::Headers& out);

// The answer to GET/HEAD of an object already looked up in `view`: conditions, Range,
// partNumber, response-* overrides, checksum mode, streamed body. Throws AwsError.
http::Response object_response(const Engine& engine, const http::Request& request, ReadView view,
                               const ObjectRecord& record);

}  // namespace bunker::s3
