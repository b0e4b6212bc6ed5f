#!/bin/sh
# Regenerates every form vector, from this folder (testdata/vectors/forms). Tools used here:
# Python 3.11 + cryptography 48, OpenJDK 17, PHP 8.2 (php-cli), node 20, curl 7.88.
set -eu
cd "$(dirname "$0")"
CASES="utf8_md5 utf8_rsa2 gbk_md5 gbk_rsa2"
python3 sign.py
mkdir -p /tmp/forms-java && javac -d /tmp/forms-java FormEncoder.java && java -cp /tmp/forms-java FormEncoder $CASES
php encode.php $CASES
python3 encode.py $CASES
node encode.js $CASES
python3 curl.py $CASES
