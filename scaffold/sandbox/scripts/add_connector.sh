#! /usr/bin/env bash
# Scaffold a new connector: register it next to its alphabetical neighbour,
# render connector-template/ with cargo-generate, then check and test it.
# Usage: scripts/add_connector.sh <connector_name> <base_url>

function find_prev_connector() {
    self=scripts/add_connector.sh
    # Start from the committed list, so a previous run leaves no trace here
    git checkout $self
    cp $self $self.tmp
    # Known connectors plus the new one, sorted (a re-run must not list it twice)
    connectors=(abacus lumapay zentra "$1")
    IFS=$'\n' sorted=($(sort -u <<<"${connectors[*]}")); unset IFS
    res="$(echo ${sorted[@]})"
    sed -i'' -e "s/^    connectors=.*/    connectors=($res \"\$1\")/" $self.tmp
    for i in "${!sorted[@]}"; do
        if [ "${sorted[$i]}" = "$1" ] && [ $i != "0" ]; then
            # The new connector goes right after the one sorted before it
            eval "$2='${sorted[i-1]}'"
            mv $self.tmp $self
            rm -f $self.tmp-e
            return 0
        fi
    done
    mv $self.tmp $self
    rm -f $self.tmp-e
    # Sorted first: anchor on the first known connector (fix the order in review)
    eval "$2='abacus'"
}

payment_gateway=$(echo $1 | tr '[:upper:]' '[:lower:]')
base_url=$2;
payment_gateway_camelcase="$(tr '[:lower:]' '[:upper:]' <<< ${payment_gateway:0:1})${payment_gateway:1}"
src="crates/router/src"
conn="crates/hyperswitch_connectors/src/connectors"
tests="../../../router/tests/connectors"
test_utils="../../../test_utils/src"
SCRIPT="$( cd -- "$(dirname "$0")" >/dev/null 2>&1 ; pwd -P )"
RED='\033[0;31m'
GREEN='\033[0;32m'
ORANGE='\033[0;33m'

if [ -z "$payment_gateway" ] || [ -z "$base_url" ]; then
    echo "$RED Connector name or base_url not present: try $GREEN\"sh add_connector.sh acmepay https://api.acmepay.test\""
    exit
fi
cd $SCRIPT/..

# Throw away earlier output for this connector and earlier registrations
rm -rf $conn/$payment_gateway $conn/$payment_gateway.rs
git checkout $conn.rs $src/connector.rs config/development.toml config/docker_compose.toml config/config.example.toml loadtest/config/development.toml config/deployments/integration_test.toml config/deployments/production.toml config/deployments/sandbox.toml crates/hyperswitch_connectors/src/default_implementations.rs crates/hyperswitch_connectors/src/default_implementations_v2.rs crates/hyperswitch_domain_models/src/connector_endpoints.rs crates/connector_configs/src/connector.rs crates/connector_configs/toml/development.toml crates/connector_configs/toml/sandbox.toml crates/connector_configs/toml/production.toml

# Register the connector next to the previous one
previous_connector=''
find_prev_connector $payment_gateway previous_connector
previous_connector_camelcase="$(tr '[:lower:]' '[:upper:]' <<< ${previous_connector:0:1})${previous_connector:1}"
sed -i'' -e "s|pub mod $previous_connector;|pub mod $previous_connector;\npub mod ${payment_gateway};|" $conn.rs
sed -i'' -e "s/};/ ${payment_gateway}::${payment_gateway_camelcase},\n};/" $conn.rs
sed -i'' -e "/pub use hyperswitch_connectors::connectors::{/ s/{/{\n    ${payment_gateway}, ${payment_gateway}::${payment_gateway_camelcase},/" $src/connector.rs
sed -i'' -e "s|$previous_connector.base_url \(.*\)|$previous_connector.base_url \1\n${payment_gateway}.base_url = \"$base_url\"|" config/development.toml config/docker_compose.toml config/config.example.toml loadtest/config/development.toml config/deployments/integration_test.toml config/deployments/production.toml config/deployments/sandbox.toml
sed -i'' -e "/pub ${previous_connector}: ConnectorParams,/a\\
    pub ${payment_gateway}: ConnectorParams,
" crates/hyperswitch_domain_models/src/connector_endpoints.rs
sed -i'' -e "/pub ${previous_connector}: Option<ConnectorTomlConfig>,/a\\
    pub ${payment_gateway}: Option<ConnectorTomlConfig>,
" crates/connector_configs/src/connector.rs
sed -i'' -e "\$a\\
\\
[${payment_gateway}]\\
[${payment_gateway}.connector_auth.HeaderKey]\\
api_key = \"API Key\"" crates/connector_configs/toml/development.toml crates/connector_configs/toml/sandbox.toml crates/connector_configs/toml/production.toml

# Add the connector to every default_imp_for_* list: after the previous
# connector when it is listed, at the top otherwise, never twice.
for file in crates/hyperswitch_connectors/src/default_implementations.rs crates/hyperswitch_connectors/src/default_implementations_v2.rs; do
    awk -v prev="connectors::${previous_connector_camelcase}," -v new="connectors::${payment_gateway_camelcase}," '
        function flush(   i, has_prev, has_new) {
            for (i = 1; i <= n; i++) { has_prev += (body[i] == prev); has_new += (body[i] == new) }
            if (!has_prev && !has_new) print "    " new
            for (i = 1; i <= n; i++) {
                print (body[i] == "" ? "" : "    " body[i])
                if (body[i] == prev && !has_new) print "    " new
            }
            n = 0
        }
        /^default_imp_for_[a-z0-9_]*!\($/ { print; in_macro = 1; next }
        in_macro && /^\);$/ { flush(); print; in_macro = 0; next }
        in_macro { line = $0; gsub(/^[ \t]+|[ \t]+$/, "", line); body[++n] = line; next }
        { print }
    ' "$file" > "$file.tmp" && mv "$file.tmp" "$file"
done

# BSD sed leaves `-e` backups behind; GNU sed leaves nothing
rm -f $conn.rs-e $src/connector.rs-e config/*.toml-e config/deployments/*.toml-e loadtest/config/*.toml-e crates/*/src/*.rs-e crates/connector_configs/toml/*.toml-e

cd $conn/

# Render the template for this connector
cargo install cargo-generate
cargo generate --path ../../../../connector-template -n $payment_gateway

# Put the rendered files in place
mv $payment_gateway/mod.rs $payment_gateway.rs
mkdir -p ../../../router/tests/connectors
mv "$payment_gateway/test.rs" ../../../router/tests/connectors/$payment_gateway.rs

# Register the tests and their credentials
git checkout ${tests}/main.rs ${test_utils}/connector_auth.rs ${tests}/sample_auth.toml
sed -i'' -e "s/mod utils;/mod ${payment_gateway};\nmod utils;/" ${tests}/main.rs
sed -i'' -e "s/    pub $previous_connector: \(.*\)/    pub $previous_connector: \1\n        pub ${payment_gateway}: Option<HeaderKey>,/" ${test_utils}/connector_auth.rs
printf '\n[%s]\napi_key = "API Key"\n' "${payment_gateway}" >> ${tests}/sample_auth.toml
rm -f ${tests}/main.rs-e ${test_utils}/connector_auth.rs-e

cargo +nightly fmt --all
cargo check
echo "${GREEN}Successfully created connector. Running the tests of $payment_gateway.rs"

# Run the new connector's tests
cargo test --package router --test connectors -- $payment_gateway
echo "${ORANGE}Update your credentials for $payment_gateway connector in crates/router/tests/connectors/sample_auth.toml"
