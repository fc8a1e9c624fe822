// bunker: a local AWS on one port. See README.md.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

#include "bunker/core/options.h"
#include "bunker/version.h"
#include "server/server.h"
#include "server/server_options.h"
#include "server/service_list.h"

int main(int argc, char** argv) {
  bunker::Options options;
  bunker::server::register_server_options(options);
  bunker::server::register_service_options(options);

  auto result = options.parse(argc, argv, bunker::process_env);
  switch (result.outcome) {
    case bunker::Options::Outcome::kHelp:
      std::fputs(options.help_text("bunker").c_str(), stdout);
      return 0;
    case bunker::Options::Outcome::kVersion:
      std::printf("bunker %s\n", bunker::kVersion);
      return 0;
    case bunker::Options::Outcome::kError:
      std::fprintf(stderr, "bunker: %s\n", result.message.c_str());
      return 2;
    case bunker::Options::Outcome::kRun: break;
  }

  // The access log writes a line per request: buffer stderr and flush it once a
  // second (and at once for warnings), instead of one write(2) per line.
  static char log_buffer[1 << 16];
  std::setvbuf(stderr, log_buffer, _IOFBF, sizeof log_buffer);
  auto logger = spdlog::stderr_color_mt("bunker");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%L%$ %v");
  spdlog::set_level(spdlog::level::from_str(options.str("log-level")));
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
  const int code = bunker::server::run_server(options);
  spdlog::shutdown();  // stops the flusher and writes what is buffered
  return code;
}
