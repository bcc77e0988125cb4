# 总枢纽的统一身份认证：不跳转而直接显示的授权错误，以及退出登录。

oidc-error-title = 登录请求被拒绝
oidc-parameter-repeated = 登录请求中的参数 { $name } 出现了多次。请返回原服务重试。
oidc-client-id-missing = 登录请求没有说明来自哪个服务（缺少 client_id）。
oidc-client-unknown = 服务“{ $client_id }”未在国家政务服务平台注册，或注册已被撤销。
oidc-redirect-uri-missing = 登录请求没有说明登录后返回何处（缺少 redirect_uri）。
oidc-redirect-uri-unregistered = 返回地址“{ $redirect_uri }”未为该服务登记，国家政务服务平台不会将您转到该地址。
oidc-logout-hint-invalid = 退出请求携带的 ID 令牌不是国家政务服务平台签发的。
oidc-logout-client-mismatch = 退出请求中 client_id 与 ID 令牌所指的服务不一致。
oidc-logout-client-unknown = 退出请求要求返回某个服务，但没有指明已注册的服务。
oidc-logout-redirect-unregistered = 返回地址“{ $uri }”未登记为该服务的退出返回地址，国家政务服务平台不会将您转到该地址。
logout-confirm-title = 退出登录
logout-confirm-intro = 有服务请求让您退出国家政务服务平台。确定退出吗？
logout-confirm-submit = 退出
logout-confirm-cancel = 保持登录
logged-out-title = 已退出
logged-out-intro = 您已退出国家政务服务平台。
