#!/usr/bin/env bash
# Regenerates the staged intl vectors and the re-signed samples from the documented samples.
# Independent of the crate: python3 (json, to derive compact texts) and openssl (signatures).
# Run from testdata/vectors/intl. See COMMANDS.md.
set -euo pipefail
KEY=../../keys/rsa_test_private_pkcs8.pem
# Replies (the vectors' and the re-signed samples') stand for Alipay's: signed with the TEST
# Alipay key, which a client verifies replies with (the merchant's own key there is refused).
ALIPAY_KEY=../../keys/rsa_test_alipay_private_pkcs8.pem
SAMPLES=../../samples/intl

# Stage 1: request.json / response.json, compact texts derived from the (repaired) samples.
python3 derive.py "$SAMPLES"

for case in */; do
  case=${case%/}
  alg=sha256
  [ -f "$case/ALGORITHM" ] && [ "$(cat "$case/ALGORITHM")" = RSA ] && alg=sha1
  # Stage 2: the signature over the exact bytes of the text: the merchant's key for the
  # request, Alipay's for the response.
  openssl dgst -"$alg" -sign "$KEY" "$case/request.json" | base64 -w0 > "$case/request.sig"
  openssl dgst -"$alg" -sign "$ALIPAY_KEY" "$case/response.json" | base64 -w0 > "$case/response.sig"
  # Stage 3: the envelopes around the same bytes.
  { printf '{"request":'; cat "$case/request.json"; printf ',"signature":"%s"}' "$(cat "$case/request.sig")"; } > "$case/envelope.json"
  { printf '{"response":'; cat "$case/response.json"; printf ',"signature":"%s"}' "$(cat "$case/response.sig")"; } > "$case/reply.json"
done

# Re-signed samples: the documented text with only the signature (and placeholders) replaced.
python3 derive.py "$SAMPLES" --spans
for name in 001_request.repaired 004_request.repaired 001_reply.resigned 004_reply.resigned; do
  key=$KEY
  case $name in *_reply.*) key=$ALIPAY_KEY ;; esac
  sig=$(openssl dgst -sha256 -sign "$key" "$SAMPLES/$name.signed-text" | base64 -w0)
  python3 derive.py "$SAMPLES" --put-signature "$name" "$sig"
  rm "$SAMPLES/$name.signed-text"
done
