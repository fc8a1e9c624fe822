#pragma once
// The Time to Live sweeper: deletes items whose TTL attribute (epoch seconds) lies in
// the past, as DynamoDB's background process does. Each deletion is an ordinary item
// change (index entries, stream record) whose stream record carries the DynamoDB
// service identity. Until the sweeper reaches an expired item it stays readable, as on
// AWS. Items whose expiry is more than five years in the past are left alone, as AWS
// leaves them. The service runs a sweep periodically (--dynamodb-ttl-interval) and on
// POST /_bunker/dynamodb/ttl-sweep.
#include <cstddef>
#include <cstdint>

#include "dynamodb/engine.h"

namespace bunker::dynamodb {

// Deletes every expired item of every TTL-enabled table; returns how many.
std::size_t sweep_expired_items(Engine& engine, int64_t now_ms);

}  // namespace bunker::dynamodb
