package dev.lakehouse.lambdas.common;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops the {@code Expect: 100-continue} header the S3 client adds to uploads. With the
 * URL-connection HTTP client, the JDK's 100-continue handshake intermittently fails with
 * "Unexpected end of file from server" (aws-sdk-java-v2 issue 6670, since 2.37); we saw it against
 * the S3 stand-in on the first uploads of a run. Without the header the body is sent straight away,
 * which costs only a wasted upload when the request would have been refused anyway.
 */
public final class NoExpectContinue implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
    SdkHttpRequest request = context.httpRequest();
    return request.firstMatchingHeader("Expect").isPresent() ? request.toBuilder().removeHeader("Expect").build() : request;
  }
}
