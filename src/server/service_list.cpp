#include "server/service_list.h"

#include "bunker/apigateway/module.h"
#include "bunker/dynamodb/module.h"
#include "bunker/iam/module.h"
#include "bunker/event_sources/module.h"
#include "bunker/events/module.h"
#include "bunker/lambda/module.h"
#include "bunker/s3/module.h"

namespace bunker::server {

void register_service_options(Options& options) {
  s3::register_options(options);
  dynamodb::register_options(options);
  lambda::register_options(options);
  apigateway::register_options(options);
  iam::register_options(options);
  event_sources::register_options(options);
  events::register_options(options);
}

std::vector<std::unique_ptr<Service>> make_services(ServiceContext& context) {
  std::vector<std::unique_ptr<Service>> services;
  services.push_back(s3::make_service(context));
  services.push_back(dynamodb::make_service(context));
  // Before Lambda: shutting down, the mappings stop before Lambda interrupts their invokes.
  services.push_back(event_sources::make_service(context));
  services.push_back(events::make_service(context));
  services.push_back(lambda::make_service(context));
  services.push_back(apigateway::make_service(context));
  for (auto& service : iam::make_services(context)) services.push_back(std::move(service));
  return services;
}

}  // namespace bunker::server
