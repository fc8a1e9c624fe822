#include "bunker/iam/module.h"

#include "bunker/storage/database.h"
#include "iam/credential_directory.h"
#include "iam/model_actions.h"
#include "iam/query_service.h"

namespace bunker::iam {
namespace {

// Owns what both services share and what Engines hands out; lives as long as the
// services that hold it.
struct Shared {
  explicit Shared(storage::Database& db) : engine(std::make_shared<Engine>(db)), directory(engine->store) {}
  std::shared_ptr<Engine> engine;
  CredentialDirectory directory;
};

}  // namespace

void register_options(Options&) {}

std::vector<std::unique_ptr<Service>> make_services(ServiceContext& context) {
  auto shared = std::make_shared<Shared>(context.db);
  context.engines.provide<CredentialResolver>(&shared->directory);
  context.engines.provide<RoleDirectory>(&shared->directory);
  // The engine pointer given to each service keeps the whole Shared block alive.
  std::shared_ptr<Engine> engine(shared, shared->engine.get());
  std::vector<std::unique_ptr<Service>> services;
  services.push_back(std::make_unique<QueryService>(
      QueryServiceSpec{"iam", "https://iam.amazonaws.com/doc/2010-05-08/", &iam_operations(), is_iam_action}, engine,
      context));
  services.push_back(std::make_unique<QueryService>(
      QueryServiceSpec{"sts", "https://sts.amazonaws.com/doc/2011-06-15/", &sts_operations(), is_sts_action}, engine,
      context));
  return services;
}

}  // namespace bunker::iam
