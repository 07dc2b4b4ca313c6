"""Storage adapters: DynamoDB (``articles.store.dynamo``), S3 (``articles.store.blobs``),
the related-articles index (``articles.store.index``)."""
