#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` only needs the path to exist; migrations use the WASM engine.
echo "schema engine unavailable offline: use npm run db:migration" >&2
exit 1
