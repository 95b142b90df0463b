#include "children.hpp"

#include <fmt/format.h>

namespace tas {

std::string output_tail(RunContext& context, const Process& process, std::size_t bytes) {
  Deployer& deployer = *context.backends.deployer;
  std::string tail = deployer.read_tail(process.spec().stderr_file, bytes);
  if (tail.empty() && process.spec().stdout_file != process.spec().stderr_file) {
    tail = deployer.read_tail(process.spec().stdout_file, bytes);
  }
  return context.redactor.redact(tail);
}

Condition children_alive(RunContext& context) {
  return [&context]() {
    for (RunChild& child : context.children) {
      if (const auto status = child.process->poll()) {
        const std::string tail = output_tail(context, *child.process, 1200);
        return Probe::fatal(fmt::format("{} (pid {}) {}{}", child.process->spec().role,
                                        child.process->pid(), status->describe(),
                                        tail.empty()
                                            ? std::string(" and wrote nothing")
                                            : fmt::format("; its last output:\n{}", tail)));
      }
    }
    return Probe::ready();
  };
}

nlohmann::json describe_children(RunContext& context) {
  nlohmann::json list = nlohmann::json::array();
  for (RunChild& child : context.children) {
    const Process& process = *child.process;
    const auto status = child.final_status ? child.final_status : child.process->poll();
    list.push_back({
        {"role", process.spec().role},
        {"pid", process.pid()},
        {"process_group", process.process_group()},
        {"argv", process.spec().argv},
        {"stdout", process.spec().stdout_file.string()},
        {"stderr", process.spec().stderr_file.string()},
        {"alive", !status.has_value()},
        {"exit", status ? status->to_json() : nlohmann::json(nullptr)},
    });
  }
  return list;
}

}  // namespace tas
