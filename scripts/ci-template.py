#!/usr/bin/env python3
"""Runs the shell steps of a GitHub Actions workflow template on this machine, the way a runner
would, so that the template cannot rot: examples/downstream's workflow, against a copy of that
project as the checked-out repository, this checkout as test-as-self's, and the fake Telegram
(from the main build) as the live tier's Bot API and user side.

    python3 scripts/ci-template.py [workflow file] [build dir]

What a runner does and this does too: the job's and each step's `env`, `${{ github.workspace }}`,
`${{ secrets.NAME }}` and `${{ vars.NAME }}`, `shell: bash` (bash -eo pipefail), a failed step
stopping the job except for `if: always()` steps, GITHUB_WORKSPACE, RUNNER_TEMP and GITHUB_RUN_ID.
`actions/checkout` is done here (the project copied; test-as-self cloned from this checkout),
and `actions/upload-artifact` checks that every path it would upload exists. Anything else the
template uses is refused, so a step this cannot run is never silently skipped.
"""

import glob
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USER_ID, CHAT_ID, TOPIC_ID, BOT_NAME = 880002, -1008800002, 5, "ci_template_bot"


def fail(message):
    print(f"ci-template: {message}", file=sys.stderr)
    sys.exit(1)


def random_bot_token(bot_id):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return f"{bot_id}:" + "".join(secrets.choice(alphabet) for _ in range(35))


class FakeTelegram:
    """The fake Telegram executable on loopback: a bot whose token is the template's secret, and
    a forum chat where a user can talk to it."""

    def __init__(self, program, directory):
        self.token = random_bot_token(7300000001)
        bots = os.path.join(directory, "bots.json")
        chats = os.path.join(directory, "chats.json")
        port_file = os.path.join(directory, "fake-telegram.port")
        with open(os.open(bots, os.O_WRONLY | os.O_CREAT, 0o600), "w") as file:
            json.dump({"bots": [{"token": self.token, "username": BOT_NAME,
                                 "first_name": "CI template"}]}, file)
        with open(chats, "w") as file:
            json.dump({"users": [{"id": USER_ID, "first_name": "CI operator"}],
                       "chats": [{"id": CHAT_ID, "type": "supergroup", "title": "ci template",
                                  "is_forum": True, "topics": [TOPIC_ID], "bots": [BOT_NAME]}]},
                      file)
        self.log = open(os.path.join(directory, "fake-telegram.log"), "w")
        self.process = subprocess.Popen(
            [program, "--bots-file", bots, "--chats-file", chats, "--port-file", port_file],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                fail(f"the fake Telegram did not start (see {self.log.name})")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{open(port_file).read().strip()}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()


def expand(text, context):
    """${{ github.workspace }}, ${{ secrets.NAME }}, ${{ vars.NAME }}; any other expression is
    refused, so the template cannot depend on what this does not provide."""
    def value(match):
        expression = match.group(1).strip()
        if expression == "github.workspace":
            return context["workspace"]
        for kind in ("secrets", "vars"):
            if expression.startswith(kind + "."):
                name = expression[len(kind) + 1:]
                if name not in context[kind]:
                    fail(f"the template reads {expression}, which this run does not define")
                return context[kind][name]
        fail(f"the template uses the expression '{expression}', which this runner cannot evaluate")
    return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))


def expanded_env(env, context):
    return {name: expand(value, context) for name, value in (env or {}).items()}


def upload_artifact(step, context):
    paths = [line.strip() for line in step["with"]["path"].splitlines() if line.strip()]
    for path in paths:
        if not glob.glob(os.path.join(context["workspace"], path)):
            fail(f"step '{step.get('name')}': nothing to upload at '{path}'")
        print(f"    would upload {path}: "
              f"{len(glob.glob(os.path.join(context['workspace'], path)))} match(es)")


def run_step(step, job, context, environment):
    uses = step.get("uses", "")
    if uses.startswith("actions/checkout@"):
        return True  # done before the job: the copy, and the link to this checkout
    if uses.startswith("actions/upload-artifact@"):
        upload_artifact(step, context)
        return True
    if uses:
        fail(f"the template uses '{uses}', which this runner cannot run")
    shell = step.get("shell", job.get("defaults", {}).get("run", {}).get("shell"))
    if shell != "bash":
        fail(f"step '{step.get('name')}': only bash steps are run here (shell: {shell})")
    env = dict(environment)
    env.update(expanded_env(step.get("env"), context))
    script = os.path.join(context["runner_temp"], "step.sh")
    with open(script, "w") as file:
        file.write(step["run"])
    directory = os.path.join(context["workspace"], step.get("working-directory", "."))
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                            cwd=directory, env=env)
    return result.returncode == 0


def main():
    workflow_file = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, "examples/downstream/.github/workflows/agent-tests.yml")
    build = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "build"))
    project = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(workflow_file))))
    with open(workflow_file) as file:
        workflow = yaml.safe_load(file)
    if len(workflow["jobs"]) != 1:
        fail("the template should have one job")
    (job_name, job), = workflow["jobs"].items()

    scratch = tempfile.mkdtemp(prefix="tas-ci-template-")
    workspace = os.path.join(scratch, "workspace")
    runner_temp = os.path.join(scratch, "runner-temp")
    os.mkdir(runner_temp)
    # The repository as actions/checkout leaves it: the project, without build output.
    shutil.copytree(project, workspace, ignore=shutil.ignore_patterns("build", "build-*"))
    # test-as-self as its checkout leaves it: a clone of this checkout's commit (a build of its
    # own in there; with ccache, the main build's compiles are reused).
    source = os.path.join(workspace, ".test-as-self", "source")
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", ROOT, source], check=True)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    subprocess.run(["git", "-C", source, "checkout", "--quiet", commit], check=True)

    telegram = FakeTelegram(os.path.join(build, "mocks/fake_telegram/fake-telegram"), scratch)
    ok = False
    try:
        # The repository's live configuration, pointed at the fake.
        with open(os.path.join(workspace, "ci/live.json")) as file:
            live = json.load(file)
        live["telegram_api"] = telegram.url
        live["user_driver"] = {"url": telegram.url, "user_id": USER_ID, "chat_id": CHAT_ID,
                               "topic_id": TOPIC_ID, "bot_username": BOT_NAME}
        with open(os.path.join(workspace, "ci/live.json"), "w") as file:
            json.dump(live, file)

        context = {"workspace": workspace, "runner_temp": runner_temp,
                   "secrets": {"TAS_BOT_TOKEN": telegram.token},
                   "vars": {"TEST_AS_SELF_REPOSITORY": "test-as-self/test-as-self",
                            "TEST_AS_SELF_REF": "main"}}
        environment = {name: value for name, value in os.environ.items()
                       if name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TERM")}
        environment.update({"GITHUB_WORKSPACE": workspace, "RUNNER_TEMP": runner_temp,
                            "GITHUB_RUN_ID": "1", "CI": "true"})
        environment.update(expanded_env(workflow.get("env"), context))
        environment.update(expanded_env(job.get("env"), context))

        failed = None
        for step in job["steps"]:
            name = step.get("name") or step.get("uses")
            runs = failed is None or step.get("if") == "always()"
            print(f"ci-template: [{job_name}] {name}{'' if runs else ' (skipped: a step failed)'}",
                  flush=True)
            if runs and not run_step(step, job, context, environment):
                failed = failed or name
        if failed:
            fail(f"the step '{failed}' failed; its workspace is kept in {scratch}")
        # The token went in only through the secret store: no report, JUnit file or log has it.
        written = [telegram.log.name, *glob.glob(os.path.join(workspace, "build", "junit-*.xml")),
                   *glob.glob(os.path.join(workspace, "build", "test-reports", "**", "*"),
                              recursive=True)]
        for path in written:
            if os.path.isfile(path):
                with open(path, "rb") as file:
                    if telegram.token.encode() in file.read():
                        fail(f"the bot token appears in {path}")
        ok = True
        print("ci-template: every step of the template ran and passed")
    finally:
        telegram.stop()
        if ok:
            shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
