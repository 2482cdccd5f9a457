/** Text generation with a causal model: greedy or temperature sampling, streamed as it decodes. */
package org.tuckerattention.validation.generation;
