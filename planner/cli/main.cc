#include <iostream>

#include "planner/cli/cli.h"

int main(int argc, char** argv) { return backfill::RunCommandLine(argc, argv, std::cout, std::cerr); }
