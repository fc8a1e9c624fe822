// The Node.js and Python bootstraps (runtimes/) against the scripted Runtime API in this
// folder: runs its pytest suite (test_node_bootstrap.py, test_python_bootstrap.py).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

TEST(Bootstraps, ScriptedRuntimeApiSuitePasses) {
  const std::filesystem::path root = BUNKER_SOURCE_DIR;
  if (!std::filesystem::exists(root / "runtimes" / "node" / "node_modules" / "aws-sdk"))
    GTEST_SKIP() << "runtimes/node modules are not installed (scripts/deps run installs them)";
  if (std::system("/usr/bin/python3 -c 'import pytest' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3-pytest is not installed";
  const std::string command = "cd '" + root.string() +
                              "' && /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/unit/runtime 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << "the bootstrap suite failed: " << command;
}
