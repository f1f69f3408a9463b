"""First-boot user data of an ``instance-group``.

In order: write the ``uses`` connection values to ``/etc/awsarch/env``
(root only, 0600), mount granted file systems, start the X-Ray daemon when
tracing is on, then run the architecture's own ``user_data`` with those
values in its environment. CloudFormation fills the values in (``Fn::Sub``);
the script's own ``${...}`` shell syntax is passed through untouched.
"""
from __future__ import annotations

from troposphere import Ref, Sub

from ...core.context import Context
from ...core.naming import pascal

ENV_FILE = "/etc/awsarch/env"
SCRIPT_FILE = "/var/lib/awsarch/user-data"
SCRIPT_END = "AWSARCH_USER_DATA"
ENV_END = "AWSARCH_ENV"

PREAMBLE = """#!/bin/bash
set -euo pipefail
pkg_install() {
  if command -v dnf >/dev/null 2>&1; then dnf install -y "$@"
  elif command -v yum >/dev/null 2>&1; then yum install -y "$@"
  else apt-get update -y && apt-get install -y "$@"; fi
}
install -d -m 0700 -o root -g root /etc/awsarch /var/lib/awsarch
"""

XRAY = """# AWS X-Ray daemon (tracing: true)
case "$(uname -m)" in aarch64) xray_arch=-arm64 ;; *) xray_arch= ;; esac
xray_base=https://s3.${AWS::Region}.amazonaws.com/aws-xray-assets.${AWS::Region}/xray-daemon
if command -v apt-get >/dev/null 2>&1 && ! command -v dnf >/dev/null 2>&1; then
  curl -fsSL -o /tmp/xray.deb "$xray_base/aws-xray-daemon$xray_arch-3.x.deb" && pkg_install /tmp/xray.deb
else
  pkg_install "$xray_base/aws-xray-daemon$xray_arch-3.x.rpm"
fi
systemctl enable --now xray
"""


CODEDEPLOY_AGENT = """# AWS CodeDeploy agent (a pipeline deploys to this group)
pkg_install ruby wget
wget -q -O /tmp/codedeploy-install https://aws-codedeploy-${AWS::Region}.s3.${AWS::Region}.amazonaws.com/latest/install
chmod +x /tmp/codedeploy-install && /tmp/codedeploy-install auto
systemctl enable --now codedeploy-agent
"""


def escape(text: str) -> str:
    """Make literal text safe inside ``Fn::Sub`` (``${x}`` -> ``${!x}``)."""
    return text.replace("${", "${!")


def user_data(ctx: Context, comp):
    """The boot script: an ``Fn::Sub`` when CloudFormation must fill values in, else plain text."""
    variables: dict = {}
    parts = [PREAMBLE]
    parts.append(f"umask 077\ncat > {ENV_FILE} <<'{ENV_END}'\n")
    for name, value in ctx.env_for(comp.name):
        if isinstance(value, (str, int)):
            parts.append(f"{name}={escape(str(value))}\n")
        else:
            var = "Env" + pascal(name.lower().replace("_", "-"))
            variables[var] = value
            parts.append(f"{name}=${{{var}}}\n")
    parts.append(f"{ENV_END}\nchmod 0600 {ENV_FILE}\numask 022\n")
    mounts = [(*m, g.mode == "read") for g in ctx.grants_from(comp.name) for m in g.mounts]
    if mounts:
        parts.append("# file systems (uses: mount)\npkg_install amazon-efs-utils\n")
    for i, (file_system, access_point, path, read_only) in enumerate(mounts):
        fs_var, ap_var = f"MountFileSystem{i + 1}", f"MountAccessPoint{i + 1}"
        variables[fs_var] = Ref(file_system)
        options = "_netdev,tls,iam" + (",ro" if read_only else "")
        if access_point:
            variables[ap_var] = Ref(access_point)
            options += f",accesspoint=${{{ap_var}}}"
        parts.append(f"mkdir -p {path}\n"
                     f"echo '${{{fs_var}}}:/ {path} efs {options} 0 0' >> /etc/fstab\n"
                     f"for attempt in 1 2 3 4 5 6; do mount {path} && break; sleep 10; done\n")
    if ctx.arch.monitoring.tracing:
        parts.append(XRAY)
    if ctx.arch.edges_to(comp.name, "deploy"):
        parts.append(CODEDEPLOY_AGENT)
    if comp.user_data:
        script = comp.user_data if comp.user_data.endswith("\n") else comp.user_data + "\n"
        if not script.startswith("#!"):
            script = "#!/bin/bash\n" + script
        parts.append(f"# the architecture's user_data, run with the connection values in its environment\n"
                     f"cat > {SCRIPT_FILE} <<'{SCRIPT_END}'\n{escape(script)}{SCRIPT_END}\n"
                     f"chmod 0700 {SCRIPT_FILE}\n"
                     f"set -a\n. {ENV_FILE}\nset +a\n"
                     f"{SCRIPT_FILE}\n")
    text = "".join(parts)
    if not variables and "${AWS::" not in text:
        return text.replace("${!", "${")  # nothing for CloudFormation to fill in
    return Sub(text, **variables) if variables else Sub(text)
