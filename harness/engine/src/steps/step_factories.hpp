#pragma once

#include <memory>

#include <tas/engine/steps.hpp>

namespace tas {

// One factory per step (docs/steps.md); each lives in the file of its step.
std::unique_ptr<Step> make_bot_acquire_step();
std::unique_ptr<Step> make_target_prep_step();
std::unique_ptr<Step> make_deploy_step();
std::unique_ptr<Step> make_start_step();
std::unique_ptr<Step> make_round_trip_step();
std::unique_ptr<Step> make_verify_step();
std::unique_ptr<Step> make_teardown_step();

}  // namespace tas
