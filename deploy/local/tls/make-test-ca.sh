#!/usr/bin/env bash
# Makes a throw-away certificate authority and certificates for local TLS tests (Kafka SASL_SSL,
# PostgreSQL TLS, DICOM TLS): never for production, where the hospital's PKI issues them.
#
#   make-test-ca.sh DIR    writes DIR/ca.crt, DIR/server.{crt,key} (127.0.0.1 and localhost),
#                          DIR/client.{crt,key} (CN=kerma-client) and DIR/server-keystore.pem (key + chain)
# Keys are PKCS#8, unencrypted; the CA key is deleted once the certificates are signed.
set -euo pipefail

dir="${1:?usage: make-test-ca.sh DIR}"
command -v openssl >/dev/null || { echo "make-test-ca.sh: openssl not found" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Kerma test CA" \
  -keyout ca.key -out ca.crt -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null

sign() {
  local name="$1" subject="$2" extensions="$3"
  openssl req -newkey rsa:2048 -nodes -subj "$subject" -keyout "$name.key.tmp" -out "$name.csr" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$name.key.tmp" -out "$name.key"
  printf '%s\n' "$extensions" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.key.tmp" "$name.csr" "$name.ext"
  chmod 600 "$name.key"
}

sign server "/CN=localhost" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth,clientAuth"
sign client "/CN=kerma-client" "extendedKeyUsage=clientAuth"
cat server.key server.crt >server-keystore.pem
chmod 600 server-keystore.pem
rm -f ca.key ca.srl
echo "$dir"
