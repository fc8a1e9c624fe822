#pragma once
// Helpers shared by UploadPart and UploadPartCopy.
#include <cstdint>

#include "s3/call.h"
#include "s3/object_record.h"

namespace bunker::s3 {

// partNumber, 1..10000 (InvalidArgument otherwise).
uint32_t part_number_param(const Call& call);
// The upload named by ?uploadId for the call's bucket and key (NoSuchUpload otherwise).
UploadRecord find_upload(const Call& call);
void add_part_checksum_headers(const UploadRecord& upload, const PartRecord& part, bool declared_by_part,
                               http::Headers& out);

}  // namespace bunker::s3
