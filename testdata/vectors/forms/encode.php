<?php
// Stage 2, PHP: urlencode (spaces as `+`, the form encoding) and rawurlencode (RFC 3986,
// `%20`) of each name and value, in the case's charset (iconv from UTF-8), joined with `=`
// and `&` (what PHP integrations, the official PHP demo among them, build).
//
//     php encode.php <case>...
//
// Writes <case>/php-urlencode.txt and <case>/php-rawurlencode.txt.
foreach (array_slice($argv, 1) as $case) {
    $lines = file("$case/params.tsv", FILE_IGNORE_NEW_LINES);
    $charset = 'UTF-8';
    foreach ($lines as $line) {
        [$k, $v] = explode("\t", $line, 2);
        if ($k === '_input_charset') { $charset = $v; }
    }
    foreach (['urlencode', 'rawurlencode'] as $fn) {
        $pairs = [];
        foreach ($lines as $line) {
            [$k, $v] = explode("\t", $line, 2);
            $pairs[] = $fn(iconv('UTF-8', $charset, $k)) . '=' . $fn(iconv('UTF-8', $charset, $v));
        }
        file_put_contents("$case/php-$fn.txt", implode('&', $pairs));
        echo "wrote $case/php-$fn.txt\n";
    }
}
