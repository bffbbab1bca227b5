"""Drives a running `dutygraph serve` with SPARQLWrapper, as a Python user would.

Usage: python3 tests/clients/sparqlwrapper_client.py ENDPOINT_URL QUERY_FILE

Prints one JSON object with what the endpoint answered; tests/it/real_server.rs asserts on it.
Exits non-zero (with a traceback) on anything unexpected.
"""

import json
import sys
import urllib.error

from SPARQLWrapper import GET, JSON, POST, RDFXML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed


def bodies(endpoint, query, method):
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    results = client.query().convert()
    return [
        [row["body"]["value"], int(row["duties"]["value"])]
        for row in results["results"]["bindings"]
    ]


def main():
    endpoint, query_file = sys.argv[1], sys.argv[2]
    with open(query_file, encoding="utf-8") as f:
        topic_query = f.read()
    report = {
        "get": bodies(endpoint, topic_query, GET),
        "post": bodies(endpoint, topic_query, POST),
    }

    client = SPARQLWrapper(endpoint)
    client.setQuery('ASK { ?b rdfs:label "区应急管理局"@zh ; dg:article 41 }')
    client.setReturnFormat(JSON)
    report["ask"] = client.query().convert()["boolean"]

    client = SPARQLWrapper(endpoint)
    client.setQuery(
        "CONSTRUCT { ?b rdfs:label ?n } WHERE { ?b dg:article 41 ; a dg:Body ; rdfs:label ?n }"
    )
    client.setReturnFormat(RDFXML)
    graph = client.query().convert()
    report["construct_labels"] = sorted(str(o) for _, _, o in graph)

    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT ?b WHERE { ?b a dg:Body")
    client.setReturnFormat(JSON)
    try:
        client.query()
        report["bad_query"] = None
    except QueryBadFormed as error:
        report["bad_query"] = str(error)

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    try:
        client.query()
        report["update_status"] = 200
    except urllib.error.HTTPError as error:
        report["update_status"] = error.code

    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
