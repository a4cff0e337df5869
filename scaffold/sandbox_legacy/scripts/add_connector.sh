#! /usr/bin/env bash
# Scaffold a new connector in the router crate: register it next to its
# alphabetical neighbour, render connector-template/, then check and test it.
# Usage: scripts/add_connector.sh <connector_name> <base_url>

function find_prev_connector() {
    self=scripts/add_connector.sh
    # Start from the committed list, so a previous run leaves no trace here
    git checkout $self
    cp $self $self.tmp
    # Known connectors plus the new one, sorted (a re-run must not list it twice)
    connectors=(abacus lumapay zentra "$1")
    IFS=$'\n' sorted=($(sort -u <<<"${connectors[*]}")); unset IFS
    res=`echo ${sorted[@]}`
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
conn="$src/connector"
tests="../../tests/connectors"
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
git checkout $conn.rs $src/core/payments/flows.rs config/development.toml config/docker_compose.toml config/config.example.toml loadtest/config/development.toml crates/hyperswitch_domain_models/src/connector_endpoints.rs

# Register the connector next to the previous one
previous_connector=''
find_prev_connector $payment_gateway previous_connector
previous_connector_camelcase="$(tr '[:lower:]' '[:upper:]' <<< ${previous_connector:0:1})${previous_connector:1}"
sed -i'' -e "s|pub mod $previous_connector;|pub mod $previous_connector;\npub mod ${payment_gateway};|" $conn.rs
sed -i'' -e "s/};/    ${payment_gateway}::${payment_gateway_camelcase},\n};/" $conn.rs
sed -i'' -e "s/pub $previous_connector: \(.*\)/pub $previous_connector: \1\n    pub ${payment_gateway}: ConnectorParams,/" crates/hyperswitch_domain_models/src/connector_endpoints.rs
sed -i'' -e "s|$previous_connector.base_url \(.*\)|$previous_connector.base_url \1\n${payment_gateway}.base_url = \"$base_url\"|" config/development.toml config/docker_compose.toml config/config.example.toml loadtest/config/development.toml
sed -i'' -e "s/^default_imp_for_\(.*\)/default_imp_for_\1\n    connector::${payment_gateway_camelcase},/" $src/core/payments/flows.rs

# BSD sed leaves `-e` backups behind; GNU sed leaves nothing
rm -f $conn.rs-e $src/core/payments/flows.rs-e config/*.toml-e loadtest/config/*.toml-e crates/hyperswitch_domain_models/src/connector_endpoints.rs-e
cd $conn/

# Render the template for this connector
cargo install cargo-generate
cargo generate --path ../../../../connector-template -n $payment_gateway

# Put the rendered files in place
mv $payment_gateway/mod.rs $payment_gateway.rs
mv $payment_gateway/test.rs ${tests}/$payment_gateway.rs

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
