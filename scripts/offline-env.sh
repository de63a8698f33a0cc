# Sourced by every set-up script: nothing the app or its tools run may call home. The machine
# reaches only the npm registry and Debian's packages, and a phone-home that fails still costs
# a timeout.
export NEXT_TELEMETRY_DISABLED=1   # next build / start: no telemetry.nextjs.org
export CHECKPOINT_DISABLE=1        # prisma generate: no checkpoint.prisma.io update check
export npm_config_build_from_source=true  # better-sqlite3: node-gyp here, no prebuilt from GitHub
