#include "step_factories.hpp"

namespace tas {

StepList standard_steps() {
  return {make_bot_acquire_step(), make_target_prep_step(), make_deploy_step(),  make_start_step(),
          make_round_trip_step(),  make_verify_step(),      make_teardown_step()};
}

}  // namespace tas
