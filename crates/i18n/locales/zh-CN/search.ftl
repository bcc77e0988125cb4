# 事项检索的提示。

search-query-too-long = 检索词最多 { $max } 个字，现有 { $length } 个字，请缩短后再检索。
search-limit-out-of-range = 每页条数（limit）应在 1 至 { $max } 之间，实际为 { $limit }。
search-offset-too-large = 起始位置（offset）最大为 { $max }，实际为 { $offset }；请缩小检索范围。
search-node-id = 检索中的节点标识无效：{ $reason }
search-dictionary = 检索词典 { $file } 第 { $line } 行格式不正确：词典每行应为“词语 词频”，同义词每行至少两个词。
search-index-exists = 目录 { $path } 中已有检索索引，请打开它，或换一个空目录新建。
search-index-missing = 目录 { $path } 中没有检索索引，请先新建索引。
search-schema-mismatch = 目录 { $path } 中的检索索引由其他版本建立，字段不一致，请删除后重建。
search-io = 无法创建检索索引目录 { $path }：{ $error }
search-index-failed = 检索索引读写失败：{ $error }
